package dev.rewind.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code -Dkey=value}: Flink configuration, as {@code flink run -D} takes it; every command accepts it. */
final class FlinkConfOptions {
    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Flink configuration, as `flink run -D` takes it, "
            + "e.g. -Ds3.endpoint=http://host:9000 -Ds3.path.style.access=true -Ds3.access-key=… -Ds3.secret-key=… "
            + "(also read from $FLINK_CONF_DIR/config.yaml; AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY as fallback)")
    Map<String, String> values = new LinkedHashMap<>();
}
