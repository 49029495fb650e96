import dev.rewind.server.EmbeddedS3;
import java.nio.file.Path;

/**
 * check-jlink-runtime.sh's object store: Rewind's own EmbeddedS3 (S3Proxy, filesystem store: each
 * folder of DIR a bucket) on 127.0.0.1:PORT with the keys given, until killed. Run with the JDK's
 * source launcher and the build's classpath; it stands in for MinIO of docker-compose.yml.
 *   java -cp 'target/rewind.jar:target/lib/*' S3ForCheck.java DIR PORT ACCESS_KEY SECRET_KEY
 */
public final class S3ForCheck {
    public static void main(String[] args) throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start(Path.of(args[0]), "127.0.0.1", Integer.parseInt(args[1]), args[2], args[3])) {
            System.out.println("S3 ready at " + s3.endpoint());
            Thread.currentThread().join();
        }
    }
}
