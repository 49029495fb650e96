package dev.rewind.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code rewind} command line: one entry point for every command of DESIGN.md, the same code
 * the server runs. Subcommands are small classes of their own.
 */
@Command(name = "rewind", mixinStandardHelpOptions = true, version = "rewind 0.1.0",
        description = {"A log time machine: archive, index, inspect and query compressed logs.",
                "Add --verbose to any command to see the frameworks' logs on the terminal (else, for one-shot "
                        + "commands, they go to ~/.cache/rewind/logs/rewind.log)."},
        subcommands = {DemoCommand.class, ArchiveCommand.class, IndexCommand.class, InspectCommand.class,
                SampleCommand.class, QueryCommand.class, ServeCommand.class, TrendsCommand.class})
public final class RewindCli implements Runnable {

    /** Commands that run at a terminal and end: framework logs go to a file, not between the answer's lines. */
    private static final java.util.Set<String> QUIET = java.util.Set.of("query", "index", "inspect", "archive", "sample",
            "trends");

    public static void main(String[] args) {
        System.exit(run(logTo(args)));
    }

    /**
     * Chooses the logging before any logger exists: the server's commands log to stderr; one-shot
     * commands to {@code ~/.cache/rewind/logs/rewind.log} (their terminal shows the answer, the
     * progress and Rewind's own warnings), unless {@code --verbose}. Returns the arguments without it.
     */
    static String[] logTo(String[] args) {
        java.util.List<String> rest = new java.util.ArrayList<>(java.util.List.of(args));
        boolean verbose = rest.remove("--verbose");
        // kafka-test-common-runtime (the embedded broker) ships a log4j2.yaml, which log4j prefers
        // to any log4j2.xml; name ours explicitly unless the user chose one.
        if (System.getProperty("log4j2.configurationFile") == null) {
            boolean quiet = !verbose && !rest.isEmpty() && QUIET.contains(rest.get(0));
            if (quiet) {
                java.nio.file.Path log = dev.rewind.catalog.CacheDirs.base().resolve("logs").resolve("rewind.log");
                System.setProperty("rewind.log.file", log.toString());
            }
            System.setProperty("log4j2.configurationFile", quiet ? "rewind-cli-log4j2.xml" : "rewind-log4j2.xml");
        }
        return rest.toArray(String[]::new);
    }

    /** Runs a command line and returns its exit code: 0 ok, 1 failed, 2 bad usage. */
    public static int run(String... args) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            args = logTo(args);
        }
        CommandLine cli = new CommandLine(new RewindCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // An error a person can act on: one line naming what is wrong, no stack trace.
            commandLine.getErr().println("rewind: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
