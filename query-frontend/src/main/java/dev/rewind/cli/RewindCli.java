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
                        + "commands, they go to ~/.cache/rewind/logs/rewind.log)."})
public final class RewindCli implements Runnable {

    /** Every command, in the order usage lists them. */
    private static final java.util.Map<String, java.util.function.Supplier<Object>> COMMANDS = commands();

    private static java.util.Map<String, java.util.function.Supplier<Object>> commands() {
        java.util.Map<String, java.util.function.Supplier<Object>> m = new java.util.LinkedHashMap<>();
        m.put("demo", DemoCommand::new);
        m.put("archive", ArchiveCommand::new);
        m.put("index", IndexCommand::new);
        m.put("inspect", InspectCommand::new);
        m.put("sample", SampleCommand::new);
        m.put("query", QueryCommand::new);
        m.put("serve", ServeCommand::new);
        m.put("trends", TrendsCommand::new);
        m.put("archiver", ArchiverCommand::new);
        m.put("tier", TierCommand::new);
        return m;
    }

    /** Commands that run at a terminal and end: framework logs go to a file, not between the answer's lines. */
    private static final java.util.Set<String> QUIET = java.util.Set.of("query", "index", "inspect", "archive", "sample",
            "trends", "tier");

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
        // Picocli reads every option of every command it is given, by reflection, at start: a
        // command line that names one command gets only that one (a third of a second less per
        // run); anything else (help, a typo) gets them all, so usage lists them.
        java.util.function.Supplier<Object> named = args.length == 0 ? null : COMMANDS.get(args[0]);
        if (named != null) {
            cli.addSubcommand(args[0], named.get());
        } else {
            COMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // An error a person can act on: one line naming what is wrong, no stack trace; never a
            // credential, whatever library wrote the message.
            commandLine.getErr().println("rewind: " + dev.rewind.connectors.storage.Secrets.redact(
                    e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        });
        return cli.execute(args);
    }

    /**
     * The whole command line, every command added, neither run nor logging set up: what checks a
     * command line without running it use (the deployment files' test parses the compose file's
     * commands with it, so an option Rewind does not have fails there, not in a container).
     */
    public static CommandLine commandLine() {
        CommandLine all = new CommandLine(new RewindCli());
        COMMANDS.forEach((name, command) -> all.addSubcommand(name, command.get()));
        return all;
    }

    @Override
    public void run() {
        commandLine().usage(System.out);
    }
}
