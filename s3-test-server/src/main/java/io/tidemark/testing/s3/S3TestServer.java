package io.tidemark.testing.s3;

import java.lang.reflect.Field;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.servlet.DispatcherType;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.gaul.shaded.org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.gaul.shaded.org.eclipse.jetty.server.Server;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 endpoint for tests.
 *
 * <p>{@link #start()} starts S3Proxy in this JVM, in memory, on 127.0.0.1 and a free port, with
 * one bucket ({@value #IN_PROCESS_BUCKET}), fixed credentials and path-style addressing. Setting
 * {@code TIDEMARK_TEST_S3_ENDPOINT} points the same tests at any other S3 endpoint instead
 * (LocalStack, MinIO, Amazon S3): see the module's README.
 *
 * <p>Either way every object a test writes should go under {@link #prefix()} (a fresh one per
 * server, e.g. {@code tidemark-test-3f2a9c1e/}); {@link #key(String)} prepends it. On an external
 * endpoint {@link #close()} deletes what is under the prefix; in process it stops the server and
 * the memory goes with it.
 */
public final class S3TestServer implements AutoCloseable {
    public static final String ENDPOINT_ENV = "TIDEMARK_TEST_S3_ENDPOINT";
    public static final String BUCKET_ENV = "TIDEMARK_TEST_S3_BUCKET";
    public static final String ACCESS_KEY_ENV = "TIDEMARK_TEST_S3_ACCESS_KEY";
    public static final String SECRET_KEY_ENV = "TIDEMARK_TEST_S3_SECRET_KEY";
    public static final String REGION_ENV = "TIDEMARK_TEST_S3_REGION";
    public static final String VIRTUAL_HOSTED_ENV = "TIDEMARK_TEST_S3_VIRTUAL_HOSTED";

    public static final String IN_PROCESS_BUCKET = "tidemark-test";
    public static final String IN_PROCESS_ACCESS_KEY = "tidemark";
    public static final String IN_PROCESS_SECRET_KEY = "tidemark-secret";
    public static final String DEFAULT_REGION = "us-east-1";

    private final URI endpoint;
    private final String bucket;
    private final String prefix;
    private final String region;
    private final boolean pathStyle;
    private final AwsCredentialsProvider credentials;
    private final S3Proxy proxy; // null for an external endpoint
    private final RequestCountingFilter counter; // null for an external endpoint
    private S3Client client;
    private boolean closed;

    private S3TestServer(URI endpoint, String bucket, String region, boolean pathStyle,
            AwsCredentialsProvider credentials, S3Proxy proxy, RequestCountingFilter counter) {
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.prefix = "tidemark-test-" + UUID.randomUUID().toString().substring(0, 8) + "/";
        this.region = region;
        this.pathStyle = pathStyle;
        this.credentials = credentials;
        this.proxy = proxy;
        this.counter = counter;
    }

    /**
     * The in-process server, or the endpoint {@code TIDEMARK_TEST_S3_ENDPOINT} names if it is
     * set.
     */
    public static S3TestServer start() {
        return start(System.getenv());
    }

    /** Like {@link #start()}, reading the settings from {@code env} instead of the environment. */
    public static S3TestServer start(Map<String, String> env) {
        String endpoint = blankToNull(env.get(ENDPOINT_ENV));
        if (endpoint == null) {
            return startInProcess();
        }
        String bucket = blankToNull(env.get(BUCKET_ENV));
        if (bucket == null) {
            throw new IllegalStateException(
                    BUCKET_ENV + " must name an existing bucket when " + ENDPOINT_ENV + " is set");
        }
        String accessKey = blankToNull(env.get(ACCESS_KEY_ENV));
        String secretKey = blankToNull(env.get(SECRET_KEY_ENV));
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalStateException(
                    "set both " + ACCESS_KEY_ENV + " and " + SECRET_KEY_ENV + ", or neither");
        }
        AwsCredentialsProvider credentials = accessKey != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey))
                : DefaultCredentialsProvider.builder().build();
        String region = Objects.requireNonNullElse(blankToNull(env.get(REGION_ENV)), DEFAULT_REGION);
        boolean virtualHosted = "true".equalsIgnoreCase(blankToNull(env.get(VIRTUAL_HOSTED_ENV)));
        return new S3TestServer(URI.create(endpoint), bucket, region, !virtualHosted, credentials, null, null);
    }

    /** S3Proxy in this JVM, whatever the environment says. */
    public static S3TestServer startInProcess() {
        BlobStore store = new SerializedWritesBlobStore(new TransientNio2BlobStore());
        store.createContainer(IN_PROCESS_BUCKET);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4,
                        IN_PROCESS_ACCESS_KEY, IN_PROCESS_SECRET_KEY)
                .jettyMaxThreads(64)
                .stopTimeout(0) // stop at once: idle keep-alive connections would hold a graceful stop
                .build();
        RequestCountingFilter counter = new RequestCountingFilter();
        ServletContextHandler context = servletContext(proxy);
        context.addFilter(counter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new BufferedBodyFilter(), "/*", EnumSet.of(DispatcherType.REQUEST));
        try {
            proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        return new S3TestServer(endpoint, IN_PROCESS_BUCKET, DEFAULT_REGION, true,
                StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(IN_PROCESS_ACCESS_KEY, IN_PROCESS_SECRET_KEY)),
                proxy, counter);
    }

    /** S3Proxy keeps its Jetty server to itself; the filter goes into its servlet context. */
    private static ServletContextHandler servletContext(S3Proxy proxy) {
        try {
            Field field = S3Proxy.class.getDeclaredField("server");
            field.setAccessible(true);
            Server server = (Server) field.get(proxy);
            ServletContextHandler context = server.getDescendant(ServletContextHandler.class);
            if (context == null) {
                throw new IllegalStateException("no servlet context in S3Proxy's server");
            }
            return context;
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(
                    "this S3Proxy version does not keep its Jetty server where expected", e);
        }
    }

    /** Where to send requests, e.g. {@code http://127.0.0.1:41235}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The bucket to use; it exists. */
    public String bucket() {
        return bucket;
    }

    /** This server's own prefix inside {@link #bucket()}, ending in "/": write under it. */
    public String prefix() {
        return prefix;
    }

    /** {@link #prefix()} + name. */
    public String key(String name) {
        return prefix + name;
    }

    public String region() {
        return region;
    }

    /**
     * Makes this server's credentials and region what the AWS SDK's default chains find in this
     * JVM (system properties), for code under test that builds its own S3 client from them.
     */
    public void becomeDefaultForThisJvm() {
        System.setProperty("aws.accessKeyId", accessKey());
        System.setProperty("aws.secretAccessKey", secretKey());
        System.setProperty("aws.region", region());
    }

    /** Path-style addressing ({@code endpoint/bucket/key}) rather than {@code bucket.endpoint}. */
    public boolean pathStyle() {
        return pathStyle;
    }

    /** Whether this is S3Proxy in this JVM (false: the endpoint the environment named). */
    public boolean inProcess() {
        return proxy != null;
    }

    /**
     * How many requests of each kind this server has received since it started or since
     * {@link #resetRequestCounts()}, from every client: counted by the server as they arrive, so
     * a request whose answer a client has seen is in the counts. In process only.
     *
     * @throws IllegalStateException on an external endpoint, whose requests this cannot see
     */
    public S3RequestCounts requestCounts() {
        return requireCounter().snapshot();
    }

    /**
     * Sets every count of {@link #requestCounts()} to zero. Requests arriving meanwhile may or may
     * not be counted: reset while the clients are quiet. In process only.
     */
    public void resetRequestCounts() {
        requireCounter().reset();
    }

    /**
     * Calls {@code listener} with every request once it is answered (null: stop), on the server's
     * thread that answered it, so it must be quick and thread-safe: a per-request log. In process
     * only.
     */
    public void onRequest(java.util.function.Consumer<S3Request> listener) {
        requireCounter().listener(listener);
    }

    private RequestCountingFilter requireCounter() {
        if (counter == null) {
            throw new IllegalStateException("requests are counted only by the in-process server, not at " + endpoint);
        }
        return counter;
    }

    public AwsCredentialsProvider credentialsProvider() {
        return credentials;
    }

    /** The access key id (resolved through the credentials provider for an external endpoint). */
    public String accessKey() {
        return credentials.resolveCredentials().accessKeyId();
    }

    public String secretKey() {
        return credentials.resolveCredentials().secretAccessKey();
    }

    /**
     * A client builder set up for this endpoint: region, credentials, path style, the
     * url-connection HTTP client, and checksums only where an operation requires them (SDK 2.30+
     * would otherwise add CRC32 checksums to every upload, which not every S3-compatible server
     * takes).
     */
    public S3ClientBuilder clientBuilder() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .forcePathStyle(pathStyle)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }

    /** One client shared by the callers, built from {@link #clientBuilder()}; closed by {@link #close()}. */
    public synchronized S3Client client() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (client == null) {
            client = clientBuilder().build();
        }
        return client;
    }

    /**
     * Stops the in-process server; on an external endpoint, deletes every object under
     * {@link #prefix()} first.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (proxy == null) {
                S3Client c = client != null ? client : clientBuilder().build();
                try {
                    deleteUnderPrefix(c);
                } finally {
                    if (c != client) {
                        c.close();
                    }
                }
            }
        } finally {
            if (client != null) {
                client.close();
            }
            if (proxy != null) {
                try {
                    proxy.stop();
                } catch (Exception e) {
                    throw new IllegalStateException("S3Proxy did not stop", e);
                }
            }
        }
    }

    private void deleteUnderPrefix(S3Client c) {
        List<ObjectIdentifier> batch = new ArrayList<>();
        for (S3Object object : c.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
            batch.add(ObjectIdentifier.builder().key(object.key()).build());
            if (batch.size() == 1000) {
                deleteBatch(c, batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            deleteBatch(c, batch);
        }
    }

    private void deleteBatch(S3Client c, List<ObjectIdentifier> batch) {
        DeleteObjectsResponse response = c.deleteObjects(r -> r.bucket(bucket)
                .delete(Delete.builder().objects(batch).quiet(true).build()));
        if (response.hasErrors() && !response.errors().isEmpty()) {
            // one at a time then, so that one refusal does not keep the rest
            for (ObjectIdentifier id : batch) {
                c.deleteObject(r -> r.bucket(bucket).key(id.key()));
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        return "S3TestServer[" + (inProcess() ? "in-process " : "") + endpoint + " bucket=" + bucket
                + " prefix=" + prefix + "]";
    }
}
