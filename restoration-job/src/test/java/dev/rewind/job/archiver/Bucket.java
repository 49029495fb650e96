package dev.rewind.job.archiver;

import dev.rewind.connectors.storage.StorageSettings;
import dev.rewind.connectors.storage.Storages;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A bucket for the archiver's tests: an S3 server in this JVM (S3Proxy 4.1, its filesystem store:
 * {@code <dir>/<bucket>/<key>} on disk, so a test reads the committed objects' bytes as files), and
 * this process's Flink file systems set up to reach it: {@code s3a://} from the Hadoop S3 plugin
 * the build copies to {@code target/plugins/s3-fs-hadoop}, as {@code rewind archiver} loads it.
 * (The query module's {@code EmbeddedS3} does the same for servers; this module cannot see it.)
 */
final class Bucket implements AutoCloseable {
    static final String NAME = "archives";

    private final S3Proxy proxy;
    private final Path dir;

    private Bucket(S3Proxy proxy, Path dir) {
        this.proxy = proxy;
        this.dir = dir;
    }

    static Bucket start(Path dir) throws Exception {
        Files.createDirectories(dir.resolve(NAME));
        S3Proxy proxy = S3Proxy.builder().blobStore(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "archiver-test-access", "archiver-test-secret").build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                proxy.stop();
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        Path plugins = Path.of("target/plugins");
        if (!Files.isDirectory(plugins.resolve("s3-fs-hadoop"))) {
            proxy.stop();
            throw new IllegalStateException("no s3-fs-hadoop plugin in " + plugins.toAbsolutePath() + " (mvn generate-test-resources)");
        }
        Storages.configure(new StorageSettings(Map.of("s3.endpoint", "http://127.0.0.1:" + proxy.getPort(),
                "s3.path.style.access", "true", "s3.access-key", "archiver-test-access",
                "s3.secret-key", "archiver-test-secret"), plugins, null, 0, StorageSettings.DEFAULT_REGION_BYTES,
                StorageSettings.DEFAULT_PARALLEL_GETS, StorageSettings.DEFAULT_MAX_GET_BYTES));
        return new Bucket(proxy, dir);
    }

    /** {@code s3a://archives/<prefix>}: where an archiver writes. */
    String uri(String prefix) {
        return "s3a://" + NAME + "/" + prefix;
    }

    /** The objects under {@code prefix}, as files. */
    Path onDisk(String prefix) {
        return dir.resolve(NAME).resolve(prefix);
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            Storages.configure(StorageSettings.localOnly());
        }
    }
}
