package dev.rewind.job.runner;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * An S3-compatible server in the test JVM (S3Proxy, filesystem store: each folder of
 * {@code directory} a bucket, each file below it an object), as query-frontend's
 * {@code EmbeddedS3}, which this module cannot reach.
 */
public final class TestS3 implements AutoCloseable {
    public static final String ACCESS_KEY = "rewind-cluster-access";
    public static final String SECRET_KEY = "rewind-cluster-secret-5e1d";

    private final S3Proxy proxy;

    private TestS3(S3Proxy proxy) {
        this.proxy = proxy;
    }

    public static TestS3 start(Path directory) throws Exception {
        Files.createDirectories(directory);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(directory.toAbsolutePath().toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                proxy.stop();
                throw new IllegalStateException("S3Proxy did not start (state " + proxy.getState() + ")");
            }
            Thread.sleep(10);
        }
        return new TestS3(proxy);
    }

    /** Flink's keys that reach this server (for {@code config.yaml} and {@code StorageSettings}). */
    public Map<String, String> flinkConfig() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("s3.endpoint", "http://127.0.0.1:" + proxy.getPort());
        conf.put("s3.path.style.access", "true");
        conf.put("s3.access-key", ACCESS_KEY);
        conf.put("s3.secret-key", SECRET_KEY);
        return conf;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
