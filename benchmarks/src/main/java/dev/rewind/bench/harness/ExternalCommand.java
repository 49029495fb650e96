package dev.rewind.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An external program (the {@code gzip}, {@code zstd} and {@code lz4} CLI tools, or a shell
 * pipeline around them) run as a user runs it, its standard output thrown away
 * ({@code > /dev/null}), sent to a file, or captured. Process start
 * costs a millisecond or two, noise against runs of a second or more.
 */
public record ExternalCommand(List<String> command) {

    public ExternalCommand {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("an external command needs a program name");
        }
        command = List.copyOf(command);
    }

    public static ExternalCommand of(String... command) {
        return new ExternalCommand(List.of(command));
    }

    /** Runs it with its output discarded; fails naming the command if it exits non-zero. */
    public void run() throws IOException, InterruptedException {
        run(Redirect.DISCARD);
    }

    /** Runs it with its output written to {@code file}. */
    public void runInto(Path file) throws IOException, InterruptedException {
        run(Redirect.to(file.toFile()));
    }

    /**
     * Runs it and returns its standard output (UTF-8), read as it is written, so a pipeline that
     * prints lines is timed until its last line has arrived, as at a terminal.
     */
    public String capture() throws IOException, InterruptedException {
        Process process = start(Redirect.PIPE);
        String text;
        try (InputStream out = process.getInputStream()) {
            text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        awaitSuccess(process);
        return text;
    }

    /** Times it: a warm-up, then the harness's runs. */
    public Timing time(Harness harness) throws Exception {
        return harness.measure(this::run);
    }

    private void run(Redirect output) throws IOException, InterruptedException {
        awaitSuccess(start(output));
    }

    private Process start(Redirect output) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectInput(Redirect.PIPE)
                .redirectOutput(output)
                .redirectError(Redirect.INHERIT)
                .start();
        process.getOutputStream().close();
        return process;
    }

    private void awaitSuccess(Process process) throws IOException, InterruptedException {
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException("'" + String.join(" ", command) + "' exited with status " + exit);
        }
    }

    private static final Pattern VERSION_NUMBER = Pattern.compile("v?(\\d+\\.\\d+(?:\\.\\d+)?)");

    /** "gzip 1.12": the program and the first version number it prints for {@code flag}. */
    public static String version(String program, String flag) {
        try {
            Process process = new ProcessBuilder(program, flag).redirectErrorStream(true).start();
            String text;
            try (InputStream out = process.getInputStream()) {
                text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            process.waitFor();
            Matcher number = VERSION_NUMBER.matcher(text);
            return number.find() ? program + " " + number.group(1) : program + " (version unknown)";
        } catch (IOException e) {
            return program + " (not runnable: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return program + " (version unknown)";
        }
    }
}
