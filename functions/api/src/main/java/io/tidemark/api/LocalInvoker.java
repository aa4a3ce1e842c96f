package io.tidemark.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.executor.FunctionInitializer;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a function of the SAM template in this process, as Lambda would: its handler class
 * constructed with the function's environment, the event decoded and the response encoded by the
 * Lambda runtime's own serializers (aws-lambda-java-serialization). What {@code sam local invoke}
 * does, without a container.
 */
final class LocalInvoker {
  private LocalInvoker() {}

  /** Invokes the function with the event (JSON) and returns its response (JSON). */
  static String invoke(SamTemplate.Function function, Map<String, String> environment, String eventJson)
      throws Exception {
    String[] handler = function.handler().split("::", 2);
    Class<?> type = Class.forName(handler[0]);
    Method method = handlerMethod(type, handler.length > 1 ? handler[1] : "handleRequest");
    Object instance = construct(type, environment);
    try {
      Object input = serializer(method.getParameterTypes()[0]).fromJson(eventJson);
      Context context = new LocalLambdaContext(function.logicalId(), function.timeoutSeconds());
      Object output = method.getParameterCount() == 2 ? method.invoke(instance, input, context) : method.invoke(instance, input);
      return output == null ? "null" : toJson(output);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      if (instance instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }

  /** The handler's method: by name, taking the event (and a Context), not a compiler's bridge method. */
  private static Method handlerMethod(Class<?> type, String name) {
    return Arrays.stream(type.getMethods())
        .filter(m -> m.getName().equals(name) && !m.isBridge())
        .filter(m -> m.getParameterCount() == 1
            || m.getParameterCount() == 2 && m.getParameterTypes()[1] == Context.class)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(type.getName() + " has no handler method " + name));
  }

  /**
   * A Micronaut function gets an application context whose properties come from the function's
   * environment, as Micronaut reads environment variables in Lambda (TIDEMARK_S3_ENDPOINT is
   * tidemark.s3-endpoint); Tidemark's own handlers take the environment; others are constructed plainly.
   */
  private static Object construct(Class<?> type, Map<String, String> environment) throws Exception {
    if (FunctionInitializer.class.isAssignableFrom(type)) {
      Map<String, Object> properties = new HashMap<>();
      environment.forEach((name, value) -> {
        if (name.startsWith("TIDEMARK_")) {
          properties.put("tidemark." + name.substring("TIDEMARK_".length()).toLowerCase(Locale.ROOT).replace('_', '-'), value);
        }
      });
      ApplicationContext context = ApplicationContext.builder().properties(properties).start();
      return type.getConstructor(ApplicationContext.class).newInstance(context);
    }
    try {
      return type.getConstructor(Map.class).newInstance(environment);
    } catch (NoSuchMethodException noEnvironmentConstructor) {
      return type.getConstructor().newInstance();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> PojoSerializer<T> serializer(Class<T> type) {
    return LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
        ? LambdaEventSerializers.serializerFor(type, type.getClassLoader())
        : JacksonFactory.getInstance().getSerializer(type);
  }

  @SuppressWarnings("unchecked")
  private static String toJson(Object output) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ((PojoSerializer<Object>) serializer(output.getClass())).toJson(output, out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
