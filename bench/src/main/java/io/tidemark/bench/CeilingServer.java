package io.tidemark.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The client-ceiling endpoint: a minimal Netty HTTP server on 127.0.0.1 that answers every request
 * with one fixed, valid DynamoDB GetItem response (an item of about 1 KB, {@code Content-Type:
 * application/x-amz-json-1.0} and the {@code x-amz-crc32} header the SDK verifies), on the event
 * loop that read the request. Run against it, the GetItem phase measures what the benchmark
 * client itself can drive on this machine: a database has to do everything this does and more.
 *
 * <p>Started by {@link Bench} in its own JVM: {@code CeilingServer PORT THREADS [ITEM_BYTES]}.
 */
public final class CeilingServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;

    private CeilingServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: CeilingServer PORT THREADS [ITEM_BYTES [G]]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        int itemBytes = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        String g = args.length > 3 ? args[3] : null;

        DdbLocalLauncher.exitWithParent();
        CeilingServer server = start(port, threads, itemBytes, g);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("ceiling listening on 127.0.0.1:" + server.port() + " with " + threads + " event loops");
        System.out.flush();
        server.channel.closeFuture().sync(); // the event loops are daemon threads
    }

    /**
     * Starts the fixed-response server on 127.0.0.1:{@code port} (0: any free port) with
     * {@code threads} event loops. Also used in-process, to warm up the client's JIT. {@code g}: the
     * GSI attribute of the item it returns ({@code null}: none, as in a run without the index).
     */
    static CeilingServer start(int port, int threads, int itemBytes, String g) throws InterruptedException {
        byte[] body = responseBody(itemBytes, g);
        String crc = crc32(body);
        EventLoopGroup group = new NioEventLoopGroup(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "ceiling");
            t.setDaemon(true);
            return t;
        });
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(32 * 1024 * 1024),
                                new FixedResponse(body, crc));
                    }
                });
        Channel channel = bootstrap.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).sync().channel();
        return new CeilingServer(group, channel);
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Answers every request with the same body (the request is read whole and ignored). */
    private static final class FixedResponse extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final byte[] body;
        private final String crc;

        FixedResponse(byte[] body, String crc) {
            this.body = body;
            this.crc = crc;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(body));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "application/x-amz-json-1.0")
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set("x-amz-crc32", crc)
                    .set("x-amzn-RequestId", "00000000-0000-0000-0000-ce111n900000");
            ctx.writeAndFlush(response);
        }
    }

    /** A GetItem response with the same shape and size as the benchmark's items ({@code g}: see start). */
    static byte[] responseBody(int itemBytes, String g) {
        String payload = "x".repeat(Math.max(1, itemBytes - Workload.overheadBytes(g)));
        String json = "{\"Item\":{"
                + "\"pk\":{\"S\":\"" + Workload.pk(0) + "\"},"
                + "\"sk\":{\"S\":\"" + Workload.sk(0) + "\"},"
                + "\"c\":{\"N\":\"0\"},"
                + (g == null ? "" : "\"g\":{\"S\":\"" + g + "\"},")
                + "\"data\":{\"S\":\"" + payload + "\"}}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static String crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return Long.toString(crc.getValue());
    }
}
