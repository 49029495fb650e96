package dev.rewind.deploy;

import dev.rewind.deploy.DockerfileModel.Copy;
import dev.rewind.deploy.DockerfileModel.Instruction;
import dev.rewind.deploy.DockerfileModel.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What would break {@code docker build} or the container it makes, found without an engine: each
 * check returns the problems it finds, one line each, naming the Dockerfile line.
 */
final class DockerfileChecks {
    private final Path root;
    private final DockerfileModel file;
    private final DockerIgnore ignore;
    private final MavenBuild maven;
    private final List<String> problems = new ArrayList<>();

    private DockerfileChecks(Path root, String dockerfile, String dockerignore) throws Exception {
        this.root = root;
        this.file = DockerfileModel.parse(dockerfile);
        this.ignore = DockerIgnore.parse(dockerignore);
        this.maven = new MavenBuild(root);
    }

    /** Every problem of this Dockerfile, with this .dockerignore, against the repository at {@code root}. */
    static List<String> problems(Path root, String dockerfile, String dockerignore) throws Exception {
        DockerfileChecks c = new DockerfileChecks(root, dockerfile, dockerignore);
        c.baseImagesPinned();
        c.copiesResolve();
        c.mavenBuildsWhatIsCopied();
        c.runtimeStage();
        c.problems.addAll(JavaRuntimeChecks.problems(root, c.file));
        return c.problems;
    }

    private void problem(int line, String what) {
        problems.add("Dockerfile:" + line + ": " + what);
    }

    /** A base image names a version: a tag that is not {@code latest}, or a digest. */
    private void baseImagesPinned() {
        for (Stage s : file.stages()) {
            if (file.earlier(s.image(), s.index()) != null) {
                continue;
            }
            if (!s.image().contains("@sha256:")) {
                int colon = s.image().lastIndexOf(':');
                String tag = colon > s.image().lastIndexOf('/') ? s.image().substring(colon + 1) : null;
                if (tag == null || tag.equals("latest") || tag.isBlank()) {
                    problem(s.line(), "base image '" + s.image() + "' is not pinned to a version");
                }
            }
        }
    }

    /** {@code --from} names an earlier stage; a source from the context exists and is not left out of it. */
    private void copiesResolve() {
        for (Stage s : file.stages()) {
            for (Copy c : s.copies()) {
                if (c.from() != null) {
                    if (file.earlier(c.from(), s.index()) == null) {
                        problem(c.line(), "COPY --from=" + c.from() + " names no earlier stage");
                    }
                    continue;
                }
                for (String src : c.sources()) {
                    if (src.contains("*") || src.contains("$")) {
                        problem(c.line(), "COPY source '" + src + "': wildcards and variables are not checked; name the path");
                    } else if (!Files.exists(root.resolve(src))) {
                        problem(c.line(), "COPY source '" + src + "' does not exist in the repository");
                    } else if (ignore.excluded(src)) {
                        problem(c.line(), "COPY source '" + src + "' is left out of the build context by .dockerignore");
                    }
                }
            }
        }
    }

    private static final Pattern PL = Pattern.compile("(?:-pl|--projects)\\s+(\\S+)");

    /**
     * The build stage's Maven run: every module's pom is in the stage (Maven reads them all), the
     * selected modules' sources too, the dashboard when the npm build is skipped, and every path
     * a later stage copies out of a module's target/ is one that module's package writes.
     */
    private void mavenBuildsWhatIsCopied() {
        for (Stage s : file.stages()) {
            List<Instruction> runs = s.all("RUN").stream().filter(r -> r.args().matches("(?s).*\\bmvn\\b.*\\bpackage\\b.*")).toList();
            if (runs.isEmpty()) {
                continue;
            }
            Instruction last = runs.get(runs.size() - 1);
            String workdir = s.all("WORKDIR").isEmpty() ? "/" : s.all("WORKDIR").get(0).args();
            String base = workdir.endsWith("/") ? workdir : workdir + "/";
            List<Copy> copies = s.copies().stream().filter(c -> c.line() < last.line()).toList();
            List<String> landed = copies.stream().flatMap(c -> c.sources().stream().map(src -> landing(c, src))).toList();
            java.util.function.Predicate<String> inStage = rel -> landed.stream()
                    .anyMatch(l -> (base + rel).equals(l) || (base + rel).startsWith(l + "/"));
            if (!inStage.test("pom.xml")) {
                problem(last.line(), "mvn runs without the root pom.xml in " + workdir);
            }
            for (String module : maven.modules()) {
                if (!inStage.test(module + "/pom.xml")) {
                    problem(last.line(), "mvn reads every module's pom, and " + module + "/pom.xml is not copied in");
                }
            }
            Matcher pl = PL.matcher(last.args());
            List<String> projects = pl.find() ? Arrays.asList(pl.group(1).split(",")) : List.copyOf(maven.modules());
            Set<String> built = maven.selected(projects, last.args().matches("(?s).*(\\s-am\\b|--also-make).*"));
            for (String module : built) {
                if (!inStage.test(module + "/src")) {
                    problem(last.line(), "mvn builds " + module + " but " + module + "/src is not copied in");
                }
            }
            if (last.args().contains("-Dskip.web=true") && built.contains("query-frontend")
                    && !inStage.test("query-frontend/web/dist")) {
                problem(last.line(), "-Dskip.web=true builds the jar without the dashboard unless query-frontend/web/dist "
                        + "is copied in first");
            }
            checkCopiedOut(s, base, built);
        }
    }

    /**
     * Where a COPY puts a source: a folder's contents at the destination, a file at the
     * destination or, when it ends with a slash, inside it.
     */
    private String landing(Copy c, String src) {
        String name = src.replaceAll("/+$", "");
        name = name.substring(name.lastIndexOf('/') + 1);
        boolean folder = c.from() == null ? Files.isDirectory(root.resolve(src)) : src.endsWith("/") || !name.contains(".");
        String dest = c.dest().replaceAll("/+$", "");
        return folder || !c.dest().endsWith("/") ? dest : dest + "/" + name;
    }

    private void checkCopiedOut(Stage buildStage, String base, Set<String> built) {
        for (Stage later : file.stages().subList(buildStage.index() + 1, file.stages().size())) {
            for (Copy c : later.copies()) {
                if (c.from() == null || file.earlier(c.from(), later.index()) != buildStage) {
                    continue;
                }
                for (String src : c.sources()) {
                    if (!src.startsWith(base)) {
                        problem(c.line(), "COPY --from=" + c.from() + " " + src + " is outside the build's " + base);
                        continue;
                    }
                    String rel = src.substring(base.length());
                    int target = rel.indexOf("/target/");
                    if (target < 0) {
                        problem(c.line(), "COPY --from=" + c.from() + " " + src + " is no module's build output");
                        continue;
                    }
                    String module = rel.substring(0, target);
                    if (!built.contains(module)) {
                        problem(c.line(), src + ": the build stage's mvn does not build " + module);
                    } else if (!maven.produces(module, rel.substring(target + 1))) {
                        problem(c.line(), src + ": " + module + "/pom.xml writes no " + rel.substring(target + 1)
                                + " (it writes " + maven.module(module).produced() + ")");
                    }
                }
            }
        }
    }

    /**
     * The stage that runs: not as root, a health check, the API port, and an entrypoint (and the
     * jar the launcher is pointed at) among the files the stage copies in.
     */
    private void runtimeStage() throws java.io.IOException {
        Stage run = file.last();
        List<Instruction> users = run.all("USER");
        if (users.isEmpty() || users.get(users.size() - 1).args().matches("root|0(:.*)?")) {
            problem(run.line(), "the runtime stage runs as root (no USER, or USER root)");
        }
        if (run.all("HEALTHCHECK").isEmpty()) {
            problem(run.line(), "the runtime stage has no HEALTHCHECK");
        } else {
            healthcheckRuns(run, run.all("HEALTHCHECK").get(run.all("HEALTHCHECK").size() - 1));
        }
        if (run.all("EXPOSE").stream().noneMatch(e -> e.args().matches("(.*\\s)?8000(/tcp)?(\\s.*)?"))) {
            problem(run.line(), "the runtime stage does not EXPOSE 8000, the API's port");
        }
        List<Instruction> entry = run.all("ENTRYPOINT");
        if (entry.isEmpty()) {
            problem(run.line(), "the runtime stage has no ENTRYPOINT");
            return;
        }
        Instruction e = entry.get(entry.size() - 1);
        if (!e.args().startsWith("[")) {
            problem(e.line(), "ENTRYPOINT in shell form: signals would not reach the JVM; use the exec form");
            return;
        }
        String exe = e.args().replaceAll("^\\[\\s*\"([^\"]+)\".*$", "$1");
        List<Copy> copies = run.copies();
        if (!copied(copies, exe)) {
            problem(e.line(), "ENTRYPOINT runs " + exe + ", which the runtime stage does not copy in");
        } else {
            copies.stream().filter(c -> c.from() == null && c.dest().equals(exe)).flatMap(c -> c.sources().stream())
                    .map(root::resolve).filter(p -> !Files.isExecutable(p))
                    .forEach(p -> problem(e.line(), "ENTRYPOINT " + exe + " comes from " + root.relativize(p)
                            + ", which is not executable"));
        }
        Matcher jar = Pattern.compile("REWIND_JAR=(\\S+)").matcher(String.join(" ",
                run.all("ENV").stream().map(Instruction::args).toList()));
        if (jar.find()) {
            if (!copied(copies, jar.group(1))) {
                problem(e.line(), "REWIND_JAR names " + jar.group(1) + ", which the runtime stage does not copy in");
            }
            if (!Files.readString(root.resolve("rewind")).contains("REWIND_JAR")) {
                problem(e.line(), "REWIND_JAR is set, but the rewind launcher does not read it");
            }
        }
    }

    private static final Set<String> SHELL = Set.of("sh", "bash", "test", "[", "true", "false", "exit");

    /** What the health check runs is in the stage: copied in (and executable), installed, or the shell. */
    private void healthcheckRuns(Stage run, Instruction h) {
        Matcher cmd = Pattern.compile("(?:^|\\s)CMD\\s+(.*)$").matcher(h.args());
        if (!cmd.find()) {
            return;
        }
        String rest = cmd.group(1).strip();
        String exe = rest.startsWith("[") ? rest.replaceAll("^\\[\\s*\"([^\"]+)\".*$", "$1") : rest.split("\\s+")[0];
        if (exe.startsWith("/")) {
            if (!copied(run.copies(), exe)) {
                problem(h.line(), "HEALTHCHECK runs " + exe + ", which the runtime stage does not copy in");
            }
            run.copies().stream().filter(c -> c.from() == null && c.dest().equals(exe)).flatMap(c -> c.sources().stream())
                    .map(root::resolve).filter(p -> Files.exists(p) && !Files.isExecutable(p))
                    .forEach(p -> problem(h.line(), "HEALTHCHECK " + exe + " comes from " + root.relativize(p)
                            + ", which is not executable"));
        } else if (!SHELL.contains(exe) && !JavaRuntimeChecks.aptPackages(run).contains(exe)) {
            problem(h.line(), "HEALTHCHECK runs " + exe + ", which the runtime stage does not install");
        }
    }

    private static boolean copied(List<Copy> copies, String path) {
        return copies.stream().anyMatch(c -> c.dest().equals(path)
                || c.dest().endsWith("/") && path.startsWith(c.dest()));
    }
}
