package dev.rewind.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code rewind} command line: one entry point for every command of DESIGN.md, the same code
 * the server runs. Subcommands are small classes of their own.
 */
@Command(name = "rewind", mixinStandardHelpOptions = true, version = "rewind 0.1.0",
        description = "A log time machine: archive, index, inspect and query compressed logs.",
        subcommands = {DemoCommand.class, ArchiveCommand.class, IndexCommand.class, InspectCommand.class,
                SampleCommand.class, QueryCommand.class, ServeCommand.class, TrendsCommand.class})
public final class RewindCli implements Runnable {

    static {
        // kafka-test-common-runtime (the embedded broker) ships a log4j2.yaml, which log4j prefers
        // to any log4j2.xml; name ours explicitly unless the user chose one.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "rewind-log4j2.xml");
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code: 0 ok, 1 failed, 2 bad usage. */
    public static int run(String... args) {
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
