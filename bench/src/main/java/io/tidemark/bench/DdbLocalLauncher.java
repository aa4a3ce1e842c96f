package io.tidemark.bench;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Starts Amazon DynamoDB Local bound to 127.0.0.1 only. DynamoDB Local's own command line has no
 * bind-address option (its Jetty server listens on every interface), so this launcher builds the
 * server with DynamoDB Local's own {@code ServerRunner.createServerFromCommandLineArgs}, sets the
 * host of its Jetty connectors to the loopback address and then starts it.
 *
 * <p>Runs inside DynamoDB Local's JVM, whose classpath is DynamoDB Local's jars plus this single
 * class (copied out of the bench jar), so it uses reflection only and depends on nothing.
 * Arguments are DynamoDB Local's ({@code -inMemory -port N -disableTelemetry}).
 */
public final class DdbLocalLauncher {
    private DdbLocalLauncher() {}

    public static void main(String[] args) throws Exception {
        exitWithParent();
        Class<?> runner = Class.forName("com.amazonaws.services.dynamodbv2.local.main.ServerRunner");
        Method create = runner.getMethod("createServerFromCommandLineArgs", String[].class);
        Object proxy = create.invoke(null, (Object) args);

        Field serverField = proxy.getClass().getDeclaredField("server");
        serverField.setAccessible(true);
        Object jetty = serverField.get(proxy);
        Object[] connectors = (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty);
        if (connectors.length == 0) {
            throw new IllegalStateException("DynamoDB Local has no connector to bind");
        }
        for (Object connector : connectors) {
            connector.getClass().getMethod("setHost", String.class).invoke(connector, "127.0.0.1");
        }
        proxy.getClass().getMethod("start").invoke(proxy);
        System.out.println("DynamoDB Local started on 127.0.0.1");
        System.out.flush();
        proxy.getClass().getMethod("join").invoke(proxy);
    }

    /**
     * Exits this JVM when its parent (the benchmark) is gone, even if the benchmark was killed
     * with SIGKILL and could not stop its servers itself. A lambda, not an inner class, so that
     * this class stays a single class file.
     */
    static void exitWithParent() {
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        if (parent == null) {
            return;
        }
        Thread watchdog = new Thread(() -> {
            while (parent.isAlive()) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("parent process " + parent.pid() + " is gone: exiting");
            System.exit(0);
        }, "exit-with-parent");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
