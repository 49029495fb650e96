package dev.rewind.connectors.record;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Named line formats, so users need not write a regular expression for common logs: syslog,
 * log4j, nginx access logs, and the eight Loghub sets (HDFS, Hadoop, Spark, Zookeeper, BGL, Apache,
 * OpenStack, HPC; formats as the Loghub benchmark states them).
 */
public final class KnownFormats {
    private static final Map<String, LineFormat> FORMATS = new LinkedHashMap<>();

    static {
        FORMATS.put("ndjson", LineFormat.ndjson());
        text("hdfs", "(?<ts>\\d{6} \\d{6}) (?<pid>\\d+) (?<level>\\w+) (?<component>[^:]+): (?<msg>.*)",
                "yyMMdd HHmmss");
        text("hadoop", "(?<ts>\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3}) (?<level>\\w+) "
                + "\\[(?<process>[^\\]]*)\\] (?<component>\\S+): (?<msg>.*)", "yyyy-MM-dd HH:mm:ss,SSS");
        text("spark", "(?<ts>\\d{2}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}) (?<level>\\w+) (?<component>\\S+): (?<msg>.*)",
                "yy/MM/dd HH:mm:ss");
        text("zookeeper", "(?<ts>\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3}) - (?<level>\\w+) +"
                + "\\[(?<node>.*):(?<component>[^:]+)@(?<line>\\d+)\\] - (?<msg>.*)", "yyyy-MM-dd HH:mm:ss,SSS");
        text("bgl", "(?<label>\\S+) (?<epoch>\\d+) (?<date>\\S+) (?<host>\\S+) (?<ts>\\S+) (?<noderepeat>\\S+) "
                + "(?<type>\\S+) (?<component>\\S+) (?<level>\\S+) (?<msg>.*)", "yyyy-MM-dd-HH.mm.ss.SSSSSS");
        text("apache", "\\[(?<ts>[^\\]]+)\\] \\[(?<level>\\w+)\\] (?<msg>.*)", "EEE MMM dd HH:mm:ss yyyy");
        text("openstack", "(?<logrecord>\\S+) (?<ts>\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}) (?<pid>\\d+) "
                + "(?<level>\\w+) (?<component>\\S+) \\[(?<addr>[^\\]]*)\\] (?<msg>.*)", "yyyy-MM-dd HH:mm:ss.SSS");
        text("hpc", "(?<logid>\\d+) (?<host>\\S+) (?<component>\\S+) (?<state>\\S+) (?<ts>\\d+) (?<flag>-?\\d+) (?<msg>.*)",
                "epoch_s");
        // Generic shapes last: when a specific format parses a sample as well, detection prefers it.
        text("syslog", "(?<ts>[A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2}) (?<host>\\S+) "
                + "(?<service>[^:\\[\\s]+)(?:\\[(?<pid>\\d+)\\])?: (?<msg>.*)", "MMM ppd HH:mm:ss");
        text("log4j", "(?<ts>\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3}) +(?<level>[A-Za-z]+) +"
                + "(?:\\[(?<thread>[^\\]]*)\\] +)?(?<logger>\\S+) *[-:] (?<msg>.*)", "yyyy-MM-dd HH:mm:ss,SSS");
        text("nginx", "(?<client>\\S+) \\S+ (?<user>\\S+) \\[(?<ts>[^\\]]+)\\] \"(?<msg>[^\"]*)\" "
                + "(?<status>\\d{3}) (?<bytes>\\d+|-)(?: \"(?<referer>[^\"]*)\" \"(?<agent>[^\"]*)\")?.*",
                "dd/MMM/yyyy:HH:mm:ss Z");
    }

    private KnownFormats() {
    }

    private static void text(String name, String pattern, String tsFormat) {
        FORMATS.put(name, new LineFormat.Text(pattern, tsFormat, "UTC"));
    }

    /** @throws IllegalArgumentException naming the known formats when {@code name} is not one */
    public static LineFormat byName(String name) {
        LineFormat format = FORMATS.get(name.toLowerCase(Locale.ROOT));
        if (format == null) {
            throw new IllegalArgumentException("unknown format '" + name + "'; known formats: " + names());
        }
        return format;
    }

    public static Set<String> names() {
        return FORMATS.keySet();
    }
}
