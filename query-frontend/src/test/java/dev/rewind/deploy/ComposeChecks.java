package dev.rewind.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.rewind.cli.RewindCli;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * What would break {@code docker compose up} or leave its system not working, found without an
 * engine: the compose structure, references between services, volumes and secrets, and what the
 * services say to each other (Rewind's own command lines parsed by Rewind's own parser, the
 * Flink image's S3 plugin, the bucket the frontend reads holding what the sample service wrote).
 */
final class ComposeChecks {
    private static final Set<String> TOP = Set.of("services", "volumes", "networks", "secrets", "configs", "name");
    private static final Set<String> SERVICE_KEYS = Set.of("image", "build", "command", "entrypoint", "environment",
            "ports", "expose", "volumes", "depends_on", "healthcheck", "restart", "secrets", "pull_policy", "working_dir",
            "user", "networks", "env_file", "labels", "container_name", "hostname", "ulimits", "deploy", "stop_grace_period");
    private static final Set<String> CONDITIONS = Set.of("service_started", "service_healthy",
            "service_completed_successfully");
    private static final Pattern PORT = Pattern.compile("(?:(?:\\d{1,3}\\.){3}\\d{1,3}:)?(?:\\d{1,5}:)?\\d{1,5}(?:/(?:tcp|udp))?");
    private static final Pattern DURATION = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:us|ms|s|m|h))+");
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*(?::?[-?+][^}]*)?}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Path root;
    private final JsonNode compose;
    private final boolean dockerfileHasHealthcheck;
    private final DockerIgnore dockerignore;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, JsonNode> services = new LinkedHashMap<>();

    private ComposeChecks(Path root, String text, String dockerfile, String dockerignore) throws Exception {
        this.root = root;
        this.compose = new YAMLMapper().readTree(text);
        this.dockerfileHasHealthcheck = DockerfileModel.parse(dockerfile).last().all("HEALTHCHECK").size() > 0;
        this.dockerignore = DockerIgnore.parse(dockerignore);
    }

    /** Every problem of this compose file against the repository (its Dockerfile, ignore files) at {@code root}. */
    static List<String> problems(Path root, String compose, String dockerfile, String dockerignore) throws Exception {
        ComposeChecks c = new ComposeChecks(root, compose, dockerfile, dockerignore);
        if (!c.structure()) {
            return c.problems;
        }
        c.interpolation(c.compose, "");
        c.services.forEach(c::service);
        c.dependencyCycles();
        c.rewindCommands();
        return c.problems;
    }

    private void problem(String where, String what) {
        problems.add("docker-compose.yml: " + where + ": " + what);
    }

    private boolean structure() {
        if (compose == null || !compose.isObject()) {
            problem("(top)", "not a YAML mapping");
            return false;
        }
        compose.fieldNames().forEachRemaining(k -> {
            if (!TOP.contains(k) && !k.startsWith("x-")) {
                problem(k, "not a compose top-level key (" + TOP + ")");
            }
        });
        JsonNode s = compose.get("services");
        if (s == null || !s.isObject() || s.isEmpty()) {
            problem("services", "missing or empty");
            return false;
        }
        s.fields().forEachRemaining(e -> services.put(e.getKey(), e.getValue()));
        return true;
    }

    /** {@code $} starts {@code $$}, {@code $NAME} or a well-formed {@code ${NAME[:-default]}}, everywhere. */
    private void interpolation(JsonNode node, String where) {
        if (node.isTextual()) {
            String v = node.asText();
            for (int i = v.indexOf('$'); i >= 0; i = v.indexOf('$', i + 1)) {
                if (i + 1 < v.length() && v.charAt(i + 1) == '$') {
                    i++;
                } else if (i + 1 < v.length() && v.charAt(i + 1) == '{') {
                    Matcher m = INTERPOLATION.matcher(v).region(i, v.length());
                    if (!m.lookingAt()) {
                        problem(where, "malformed interpolation at '" + v.substring(i, Math.min(v.length(), i + 24)) + "'");
                    }
                } else if (i + 1 >= v.length() || !Character.isLetter(v.charAt(i + 1)) && v.charAt(i + 1) != '_') {
                    problem(where, "a lone '$' (write $$ for a literal one)");
                }
            }
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        fields.forEachRemaining(e -> interpolation(e.getValue(), where.isEmpty() ? e.getKey() : where + "." + e.getKey()));
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            interpolation(node.get(i), where + "[" + i + "]");
        }
    }

    private void service(String name, JsonNode s) {
        String at = "services." + name;
        s.fieldNames().forEachRemaining(k -> {
            if (!SERVICE_KEYS.contains(k)) {
                problem(at + "." + k, "not a service key this file is checked for (typo?)");
            }
        });
        String image = text(s, "image");
        if (image == null && s.get("build") == null) {
            problem(at, "neither image nor build");
        }
        if (image != null && s.get("build") == null) {
            int colon = image.lastIndexOf(':');
            if (colon <= image.lastIndexOf('/') || image.endsWith(":latest")) {
                problem(at + ".image", "'" + image + "' is not pinned to a version");
            }
            if (builtHere(image) && !List.of("never", "build").contains(String.valueOf(text(s, "pull_policy")))) {
                problem(at, "runs " + image + ", built by this file and in no registry, without pull_policy: never");
            }
        }
        if (s.get("build") != null) {
            String context = s.get("build").isTextual() ? s.get("build").asText() : text(s.get("build"), "context");
            if (context == null || !Files.isRegularFile(root.resolve(context).resolve("Dockerfile"))) {
                problem(at + ".build", "no Dockerfile in context '" + context + "'");
            }
        }
        dependsOn(at, s.get("depends_on"));
        ports(at, s.get("ports"));
        environment(at, s.get("environment"));
        volumes(at, s.get("volumes"));
        secrets(at, s.get("secrets"));
        healthcheck(at, s.get("healthcheck"));
    }

    private boolean builtHere(String image) {
        return services.values().stream().anyMatch(o -> o.get("build") != null && image.equals(text(o, "image")));
    }

    private Map<String, String> dependencies(JsonNode deps) {
        Map<String, String> out = new LinkedHashMap<>();
        if (deps != null && deps.isArray()) {
            deps.forEach(d -> out.put(d.asText(), "service_started"));
        } else if (deps != null && deps.isObject()) {
            deps.fields().forEachRemaining(e -> out.put(e.getKey(), String.valueOf(text(e.getValue(), "condition"))));
        }
        return out;
    }

    private void dependsOn(String at, JsonNode deps) {
        if (deps != null && !deps.isArray() && !deps.isObject()) {
            problem(at + ".depends_on", "neither a list nor a mapping");
        }
        dependencies(deps).forEach((target, condition) -> {
            JsonNode t = services.get(target);
            if (t == null) {
                problem(at + ".depends_on", "names no service '" + target + "'");
                return;
            }
            if (!CONDITIONS.contains(condition)) {
                problem(at + ".depends_on." + target, "condition '" + condition + "' is none of " + CONDITIONS);
            }
            boolean healthcheck = t.get("healthcheck") != null || builtHere(String.valueOf(text(t, "image")))
                    && dockerfileHasHealthcheck;
            if (condition.equals("service_healthy") && !healthcheck) {
                problem(at + ".depends_on." + target, "waits for health, but " + target + " has no healthcheck");
            }
            String restart = text(t, "restart");
            if (condition.equals("service_completed_successfully") && restart != null && !restart.equals("no")) {
                problem(at + ".depends_on." + target, "waits for completion, but " + target + " restarts (" + restart + ")");
            }
        });
    }

    private void dependencyCycles() {
        Map<String, Integer> state = new LinkedHashMap<>();
        for (String s : services.keySet()) {
            visit(s, state, new ArrayList<>());
        }
    }

    private void visit(String s, Map<String, Integer> state, List<String> path) {
        Integer st = state.get(s);
        if (st != null && st == 2 || !services.containsKey(s)) {
            return;
        }
        path.add(s);
        if (st != null && st == 1) {
            problem("depends_on", "a cycle: " + String.join(" -> ", path));
            path.remove(path.size() - 1);
            return;
        }
        state.put(s, 1);
        for (String d : dependencies(services.get(s).get("depends_on")).keySet()) {
            visit(d, state, path);
        }
        state.put(s, 2);
        path.remove(path.size() - 1);
    }

    private void ports(String at, JsonNode ports) {
        for (int i = 0; ports != null && i < ports.size(); i++) {
            JsonNode p = ports.get(i);
            // unquoted, YAML 1.1 reads "9000:9000"-like values as base-60 numbers
            if (!p.isTextual() || !PORT.matcher(p.asText()).matches()) {
                problem(at + ".ports[" + i + "]", "'" + p.asText() + "' is not a quoted [IP:][HOST:]CONTAINER[/proto]");
            }
        }
    }

    private void environment(String at, JsonNode env) {
        if (env == null) {
            return;
        }
        if (env.isObject()) {
            env.fields().forEachRemaining(e -> {
                if (!ENV_NAME.matcher(e.getKey()).matches()) {
                    problem(at + ".environment", "'" + e.getKey() + "' is not a variable name");
                }
                if (e.getValue().isContainerNode()) {
                    problem(at + ".environment." + e.getKey(), "a value must be a scalar");
                }
            });
        } else if (env.isArray()) {
            env.forEach(e -> {
                if (!e.isTextual() || !ENV_NAME.matcher(e.asText().split("=", 2)[0]).matches()) {
                    problem(at + ".environment", "'" + e.asText() + "' is not NAME=VALUE");
                }
            });
        } else {
            problem(at + ".environment", "neither a mapping nor a list");
        }
    }

    /** A mount: a declared named volume or an existing path of the repository, at an absolute path. */
    record Mount(String source, String target, boolean readOnly, boolean named) {}

    List<Mount> mounts(JsonNode vols) {
        List<Mount> out = new ArrayList<>();
        for (int i = 0; vols != null && i < vols.size(); i++) {
            String[] parts = vols.get(i).asText().split(":");
            if (parts.length >= 2) {
                boolean named = !parts[0].startsWith(".") && !parts[0].startsWith("/") && !parts[0].startsWith("~");
                out.add(new Mount(parts[0], parts[1], parts.length > 2 && parts[2].equals("ro"), named));
            }
        }
        return out;
    }

    private void volumes(String at, JsonNode vols) {
        JsonNode declared = compose.get("volumes");
        for (int i = 0; vols != null && i < vols.size(); i++) {
            String v = vols.get(i).asText();
            String[] parts = v.split(":");
            String where = at + ".volumes[" + i + "]";
            if (!vols.get(i).isTextual() || parts.length < 2 || parts.length > 3) {
                problem(where, "'" + v + "' is not SOURCE:TARGET[:MODE]");
                continue;
            }
            if (!parts[1].startsWith("/")) {
                problem(where, "target '" + parts[1] + "' is not an absolute path");
            }
            if (parts.length == 3 && !parts[2].matches("ro|rw|z|Z|ro,z|ro,Z|nocopy")) {
                problem(where, "mode '" + parts[2] + "' is not ro or rw");
            }
            Mount m = mounts(vols).get(i);
            if (m.named() && (declared == null || !declared.has(m.source()))) {
                problem(where, "named volume '" + m.source() + "' is not declared under volumes:");
            } else if (!m.named() && !Files.exists(root.resolve(m.source()))) {
                problem(where, "bind source '" + m.source() + "' does not exist in the repository");
            }
        }
    }

    /**
     * A secret is declared; a file secret is one the user makes (a token file): neither committed
     * (.gitignore) nor sent into an image build (.dockerignore).
     */
    private void secrets(String at, JsonNode refs) {
        JsonNode declared = compose.get("secrets");
        for (int i = 0; refs != null && i < refs.size(); i++) {
            String name = refs.get(i).isTextual() ? refs.get(i).asText() : text(refs.get(i), "source");
            JsonNode d = declared == null ? null : declared.get(name);
            if (d == null) {
                problem(at + ".secrets", "'" + name + "' is not declared under secrets:");
                continue;
            }
            String file = text(d, "file");
            if (file != null) {
                String rel = file.replaceFirst("^\\./", "");
                if (!dockerignore.excluded(rel)) {
                    problem("secrets." + name, "file '" + file + "' would be sent into image builds: add it to .dockerignore");
                }
                if (!gitIgnored(rel)) {
                    problem("secrets." + name, "file '" + file + "' could be committed: add it to .gitignore");
                }
            }
        }
    }

    private boolean gitIgnored(String rel) {
        try {
            return Files.readAllLines(root.resolve(".gitignore")).stream().map(String::strip)
                    .anyMatch(l -> l.equals(rel) || l.equals("/" + rel));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private void healthcheck(String at, JsonNode h) {
        if (h == null) {
            return;
        }
        JsonNode test = h.get("test");
        if (test == null || test.isArray() && (test.isEmpty()
                || !List.of("CMD", "CMD-SHELL", "NONE").contains(test.get(0).asText()))) {
            problem(at + ".healthcheck.test", "must be a string or a list starting CMD, CMD-SHELL or NONE");
        }
        for (String k : List.of("interval", "timeout", "start_period", "start_interval")) {
            String v = text(h, k);
            if (v != null && !DURATION.matcher(v).matches()) {
                problem(at + ".healthcheck." + k, "'" + v + "' is not a duration like 10s");
            }
        }
        if (h.has("retries") && !h.get("retries").canConvertToInt()) {
            problem(at + ".healthcheck.retries", "not a number");
        }
    }

    /** A service of the image this file builds, with the image's entrypoint: its command line. */
    private record RewindRun(String service, List<String> args, ParseResult parsed) {
        ParseResult command() {
            return parsed.subcommand();
        }

        String option(String name) {
            Object v = command().matchedOptionValue(name, null);
            return v == null ? null : v instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(v);
        }

        @SuppressWarnings("unchecked")
        Map<String, String> flinkConf() {
            return command().matchedOptionValue("-D", Map.of());
        }
    }

    /**
     * Rewind's command lines parse with Rewind's own parser (an option it does not have fails
     * here), and what they name exists: the services they reach, tokens when listening beyond
     * loopback, the bucket holding the archives, the Flink cluster's S3 plugin and endpoint.
     */
    private void rewindCommands() {
        List<RewindRun> runs = new ArrayList<>();
        services.forEach((name, s) -> {
            if (!builtHere(String.valueOf(text(s, "image"))) || s.get("entrypoint") != null) {
                return;
            }
            List<String> args = words(s.get("command"));
            try {
                runs.add(new RewindRun(name, args, RewindCli.commandLine().parseArgs(args.toArray(String[]::new))));
            } catch (CommandLine.ParameterException e) {
                problem("services." + name + ".command", "rewind refuses it: " + e.getMessage());
            }
        });
        for (RewindRun run : runs) {
            if (!run.parsed().hasSubcommand()) {
                problem("services." + run.service() + ".command", "names no rewind command");
                continue;
            }
            if (run.command().commandSpec().name().equals("serve")) {
                serve(run, runs);
            }
        }
    }

    private void serve(RewindRun run, List<RewindRun> runs) {
        String at = "services." + run.service();
        JsonNode s = services.get(run.service());
        for (String hostPort : new String[] {run.option("--kafka"), hostPort(run.option("--flink")),
                hostPort(run.flinkConf().get("s3.endpoint"))}) {
            if (hostPort != null && !services.containsKey(hostPort.split(":")[0])) {
                problem(at + ".command", "reaches '" + hostPort + "', which is no service of this file");
            }
        }
        String host = run.option("--host");
        boolean loopback = host == null || host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
        String tokenFile = run.option("--token-file");
        JsonNode env = s.get("environment");
        boolean envTokens = env != null && env.has("REWIND_QUERY_TOKEN");
        if (!loopback && tokenFile == null && !envTokens) {
            problem(at + ".command", "--host " + host + " without --token-file or REWIND_QUERY_TOKEN: the server refuses to start");
        }
        if (tokenFile != null && tokenFile.startsWith("/run/secrets/")) {
            String secret = tokenFile.substring("/run/secrets/".length());
            List<String> mine = new ArrayList<>();
            JsonNode refs = s.get("secrets");
            for (int i = 0; refs != null && i < refs.size(); i++) {
                mine.add(refs.get(i).isTextual() ? refs.get(i).asText() : text(refs.get(i), "source"));
            }
            if (!mine.contains(secret)) {
                problem(at + ".command", "--token-file " + tokenFile + " but the service mounts no secret '" + secret + "'");
            }
        }
        String archives = run.option("--archives");
        if (archives != null && archives.startsWith("s3://")) {
            s3Archives(at, URI.create(archives), run, runs);
        }
        String flink = hostPort(run.option("--flink"));
        if (flink != null && archives != null && archives.startsWith("s3://")) {
            flinkCluster(at, run);
        }
    }

    private static final Pattern MC_MB = Pattern.compile("mc mb (?:--\\S+ )*local/([^/\\s]+)");
    private static final Pattern MC_MIRROR = Pattern.compile("mc mirror (?:--\\S+ )*(\\S+) local/(\\S+)");

    /**
     * The bucket and prefix {@code --archives} names are what a one-shot {@code mc} creates and
     * fills, from a volume a rewind {@code sample} service wrote into, after both have finished.
     */
    private void s3Archives(String at, URI archives, RewindRun serve, List<RewindRun> runs) {
        String bucket = archives.getHost();
        String prefix = archives.getPath().replaceAll("^/+|/+$", "");
        for (Map.Entry<String, JsonNode> e : services.entrySet()) {
            String script = String.join(" ", words(e.getValue().get("command")));
            Matcher mirror = MC_MIRROR.matcher(script);
            if (!script.contains("mc ") || !mirror.find()) {
                continue;
            }
            Matcher mb = MC_MB.matcher(script);
            if (!mb.find() || !mb.group(1).equals(bucket)) {
                problem("services." + e.getKey(), "makes no bucket '" + bucket + "' (what " + serve.service() + " reads)");
            }
            if (!mirror.group(2).replaceAll("/+$", "").equals(bucket + "/" + prefix)) {
                problem("services." + e.getKey(), "mirrors into " + mirror.group(2) + ", not " + bucket + "/" + prefix);
            }
            String source = mirror.group(1).replaceAll("/+$", "");
            Mount from = mounts(e.getValue().get("volumes")).stream()
                    .filter(m -> source.equals(m.target()) || source.startsWith(m.target() + "/")).findFirst().orElse(null);
            if (from == null) {
                problem("services." + e.getKey(), "mirrors " + source + ", which is on no volume it mounts");
                return;
            }
            String rel = source.substring(from.target().length());
            RewindRun writer = runs.stream().filter(r -> r.command().commandSpec().name().equals("sample")).filter(r -> {
                String out = r.option("--out").replaceAll("/+$", "");
                return mounts(services.get(r.service()).get("volumes")).stream().anyMatch(m -> m.source().equals(from.source())
                        && out.equals(m.target() + rel));
            }).findFirst().orElse(null);
            if (writer == null) {
                problem("services." + e.getKey(), "mirrors " + source + " (volume " + from.source() + rel
                        + "), which no `rewind sample` service writes");
                return;
            }
            Map<String, String> deps = dependencies(e.getValue().get("depends_on"));
            if (!"service_completed_successfully".equals(deps.get(writer.service()))) {
                problem("services." + e.getKey(), "does not wait for " + writer.service() + " to complete");
            }
            if (!dependencies(services.get(serve.service()).get("depends_on")).containsKey(e.getKey())) {
                problem(at + ".depends_on", "does not wait for " + e.getKey() + ", which fills the bucket");
            }
            return;
        }
        problem(at, "reads " + archives + ", but no `mc mirror` service puts archives there");
    }

    private static final Pattern FLINK_IMAGE = Pattern.compile("(?:.*/)?flink:(\\d+\\.\\d+\\.\\d+)(?:-.*)?");

    /** The cluster's JobManager and TaskManagers: the S3 plugin of their own version, and the same endpoint. */
    private void flinkCluster(String at, RewindRun serve) {
        String endpoint = serve.flinkConf().get("s3.endpoint");
        int seen = 0;
        for (Map.Entry<String, JsonNode> e : services.entrySet()) {
            Matcher image = FLINK_IMAGE.matcher(String.valueOf(text(e.getValue(), "image")));
            if (!image.matches()) {
                continue;
            }
            seen++;
            String where = "services." + e.getKey() + ".environment";
            JsonNode env = e.getValue().get("environment");
            String plugins = env == null ? null : text(env, "ENABLE_BUILT_IN_PLUGINS");
            String wanted = "flink-s3-fs-presto-" + image.group(1) + ".jar";
            if (plugins == null || !List.of(plugins.split(";")).contains(wanted)) {
                problem(where, "ENABLE_BUILT_IN_PLUGINS does not name " + wanted + " (the image's opt/ has that name)");
            }
            Map<String, String> props = new HashMap<>();
            String text = env == null ? null : text(env, "FLINK_PROPERTIES");
            for (String line : text == null ? new String[0] : text.split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    props.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                }
            }
            if (endpoint != null && !endpoint.equals(props.get("s3.endpoint"))) {
                problem(where, "FLINK_PROPERTIES s3.endpoint is " + props.get("s3.endpoint") + ", the frontend's " + endpoint);
            }
            for (String key : List.of("s3.path.style.access", "s3.access-key", "s3.secret-key", "jobmanager.rpc.address")) {
                if (!props.containsKey(key)) {
                    problem(where, "FLINK_PROPERTIES has no " + key);
                }
            }
        }
        if (seen < 2) {
            problem(at, "--flink names a cluster, but this file has no JobManager and TaskManager of a flink image");
        }
    }

    private static String hostPort(String url) {
        if (url == null) {
            return null;
        }
        URI u = URI.create(url);
        return u.getHost() == null ? null : u.getHost() + ":" + u.getPort();
    }

    private static List<String> words(JsonNode command) {
        List<String> out = new ArrayList<>();
        if (command != null && command.isArray()) {
            command.forEach(w -> out.add(w.asText()));
        } else if (command != null && command.isTextual()) {
            out.addAll(List.of(command.asText().strip().split("\\s+")));
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
