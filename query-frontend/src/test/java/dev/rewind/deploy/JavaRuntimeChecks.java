package dev.rewind.deploy;

import dev.rewind.deploy.DockerfileModel.Copy;
import dev.rewind.deploy.DockerfileModel.Instruction;
import dev.rewind.deploy.DockerfileModel.Stage;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runtime stage's Java, when its base image has none: a runtime jlinked in an earlier stage by
 * {@code jlink-runtime.sh} from {@code jlink-modules.txt}, copied from where the script wrote it,
 * on PATH, built on the same base (the JDK's native libraries are that distribution's), with the
 * libraries and a font the PNG reports need, and a module list this JDK knows.
 */
final class JavaRuntimeChecks {
    static final String SCRIPT = "jlink-runtime.sh";
    static final String MODULES = "jlink-modules.txt";
    private static final Pattern JAVA_IMAGE = Pattern.compile("(?i).*(temurin|openjdk|jdk|jre|java|corretto|zulu).*");
    private static final Pattern RUN_SCRIPT = Pattern.compile("(\\S*" + Pattern.quote(SCRIPT) + ")\\s+(\\S+)");
    private static final Pattern JDK_PACKAGE = Pattern.compile("\\bopenjdk-\\d+-jdk(-headless)?\\b");

    private final Path root;
    private final DockerfileModel file;
    private final List<String> problems = new ArrayList<>();

    private JavaRuntimeChecks(Path root, DockerfileModel file) {
        this.root = root;
        this.file = file;
    }

    static List<String> problems(Path root, DockerfileModel file) throws java.io.IOException {
        JavaRuntimeChecks c = new JavaRuntimeChecks(root, file);
        c.check();
        return c.problems;
    }

    private void problem(int line, String what) {
        problems.add("Dockerfile:" + line + ": " + what);
    }

    /** A jlink stage: the stage, where its script runs from, and the folder it writes. */
    private record Jlink(Stage stage, String script, String output, int line) {}

    private Optional<Jlink> jlink(Stage s) {
        for (Instruction run : s.all("RUN")) {
            Matcher m = RUN_SCRIPT.matcher(run.args());
            if (m.find()) {
                return Optional.of(new Jlink(s, m.group(1), m.group(2).replaceAll("/+$", ""), run.line()));
            }
        }
        return Optional.empty();
    }

    private void check() throws java.io.IOException {
        Stage run = file.last();
        if (JAVA_IMAGE.matcher(run.image()).matches()) {
            return; // the base image brings its own Java
        }
        Copy copy = null;
        Jlink jlink = null;
        for (Copy c : run.copies()) {
            Stage from = c.from() == null ? null : file.earlier(c.from(), run.index());
            Optional<Jlink> j = from == null ? Optional.empty() : jlink(from);
            if (j.isPresent()) {
                copy = c;
                jlink = j.get();
            }
        }
        if (copy == null) {
            problem(run.line(), "the runtime stage's base image " + run.image() + " has no Java, and the stage copies no "
                    + "runtime from a stage that runs " + SCRIPT);
            return;
        }
        String source = copy.sources().get(0).replaceAll("/+$", "");
        if (!source.equals(jlink.output())) {
            problem(copy.line(), "COPY --from=" + copy.from() + " " + source + ": " + SCRIPT + " writes the runtime to "
                    + jlink.output());
        }
        String home = copy.dest().replaceAll("/+$", "");
        if (!pathEntries(run).contains(home + "/bin")) {
            problem(copy.line(), "PATH does not lead to the jlinked runtime's java (" + home + "/bin): the launcher runs `java`");
        }
        if (!jlink.stage().image().equals(run.image())) {
            problem(run.line(), "the runtime stage's base " + run.image() + " is not the jlink stage's "
                    + jlink.stage().image() + ": the runtime's native libraries are built for the latter");
        }
        boolean jdk = jlink.stage().image().toLowerCase(java.util.Locale.ROOT).contains("jdk")
                || jlink.stage().all("RUN").stream().anyMatch(r -> JDK_PACKAGE.matcher(r.args()).find());
        if (!jdk) {
            problem(jlink.line(), "the jlink stage has no JDK with jmods (a *-jdk image, or apt-get install openjdk-NN-jdk-headless)");
        }
        List<String> modules = modules(jlink);
        if (modules.contains("java.desktop")) {
            List<String> packages = aptPackages(run);
            if (packages.stream().noneMatch(p -> p.equals("fontconfig") || p.equals("libfontconfig1"))
                    || packages.stream().noneMatch(p -> p.startsWith("fonts-"))) {
                problem(run.line(), "java.desktop draws the PNG reports' text with fontconfig and a font: the runtime stage "
                        + "installs " + packages + ", not fontconfig and a fonts-* package");
            }
        }
    }

    /** The module list the jlink stage copies in beside its script; problems for a missing one or unknown modules. */
    private List<String> modules(Jlink jlink) throws java.io.IOException {
        String dir = jlink.script().contains("/") ? jlink.script().substring(0, jlink.script().lastIndexOf('/')) : "";
        Copy list = null;
        for (Copy c : jlink.stage().copies()) {
            for (String src : c.sources()) {
                String name = src.substring(src.lastIndexOf('/') + 1);
                String landed = c.dest().endsWith("/") ? c.dest() + name : c.dest();
                if (name.equals(MODULES) && landed.equals(dir + "/" + MODULES) && c.from() == null) {
                    list = c;
                }
            }
        }
        if (list == null) {
            problem(jlink.line(), SCRIPT + " reads " + MODULES + " beside it, and " + dir + "/" + MODULES + " is not copied in");
            return List.of();
        }
        String src = list.sources().stream().filter(s -> s.endsWith(MODULES)).findFirst().orElseThrow();
        Path path = root.resolve(src);
        if (!Files.isRegularFile(path)) {
            return List.of(); // copiesResolve reports it
        }
        List<String> modules = parseModules(Files.readString(path));
        for (String m : modules) {
            if (ModuleFinder.ofSystem().find(m).isEmpty()) {
                problem(list.line(), src + ": '" + m + "' is no module of this JDK (" + Runtime.version() + ")");
            }
        }
        if (!modules.contains("java.base")) {
            problem(list.line(), src + ": no java.base");
        }
        return modules;
    }

    /** One module a line; {@code #} starts a comment. */
    static List<String> parseModules(String text) {
        return text.lines().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
    }

    private static List<String> pathEntries(Stage s) {
        List<String> out = new ArrayList<>();
        for (Instruction env : s.all("ENV")) {
            Matcher m = Pattern.compile("(?:^|\\s)PATH=(\\S+)").matcher(env.args());
            while (m.find()) {
                out.addAll(Arrays.asList(m.group(1).split(":")));
            }
        }
        return out;
    }

    /** The package names of the stage's {@code apt-get install} runs. */
    static List<String> aptPackages(Stage s) {
        List<String> out = new ArrayList<>();
        for (Instruction run : s.all("RUN")) {
            Matcher m = Pattern.compile("apt-get\\s+install\\s+([^&;|]*)").matcher(run.args());
            while (m.find()) {
                Arrays.stream(m.group(1).trim().split("\\s+")).filter(w -> !w.startsWith("-") && !w.isEmpty()).forEach(out::add);
            }
        }
        return out;
    }
}
