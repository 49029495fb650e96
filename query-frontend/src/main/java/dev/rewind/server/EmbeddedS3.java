package dev.rewind.server;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * An S3-compatible server in this JVM (S3Proxy with its filesystem store): each folder of
 * {@code directory} is a bucket, each file below it an object, served with listings and ranged
 * GETs. What {@code rewind demo} keeps its older sample months in, and what the tests read
 * {@code s3://} archives from; no Docker, no second process. Starts in well under a second.
 */
public final class EmbeddedS3 implements AutoCloseable {
    private final S3Proxy proxy;
    private final String accessKey;
    private final String secretKey;

    private EmbeddedS3(S3Proxy proxy, String accessKey, String secretKey) {
        this.proxy = proxy;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * @param port 0 for any free port
     * @throws Exception when the port is taken or the folder cannot be made
     */
    public static EmbeddedS3 start(Path directory, String host, int port, String accessKey, String secretKey)
            throws Exception {
        return start(directory, host, port, accessKey, secretKey, UnaryOperator.identity());
    }

    /**
     * The same, serving through {@code around} the filesystem store (a test's faults: 500s, an
     * object deleted under a reader).
     */
    public static EmbeddedS3 start(Path directory, String host, int port, String accessKey, String secretKey,
                                   UnaryOperator<BlobStore> around) throws Exception {
        Files.createDirectories(directory);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(around.apply(new FilesystemNio2BlobStore(directory.toAbsolutePath().toString())))
                .endpoint(URI.create("http://" + host + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                proxy.stop();
                throw new IllegalStateException("the embedded S3 server did not start (state " + proxy.getState() + ")");
            }
            Thread.sleep(10);
        }
        return new EmbeddedS3(proxy, accessKey, secretKey);
    }

    public int port() {
        return proxy.getPort();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** The Flink configuration that reaches this server: endpoint, path-style access, its keys. */
    public Map<String, String> flinkConfig() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("s3.endpoint", endpoint());
        conf.put("s3.path.style.access", "true");
        conf.put("s3.access-key", accessKey);
        conf.put("s3.secret-key", secretKey);
        return conf;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
