package dev.rewind.bench.query;

import dev.rewind.bench.harness.ExternalCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline as a user types it at a shell ({@code zstd -dc FILES | grep -c ...}), run by bash with
 * the files as its arguments ({@code "$@"}), so no path is ever quoted into the script. The
 * pipeline fails when {@code zstd} does (a missing or damaged file); later stages may exit
 * non-zero for ordinary reasons ({@code grep} finding nothing, {@code sort} cut off by
 * {@code head}), which the answer check catches instead.
 *
 * @param script  the pipeline, reading {@code "$@"}
 * @param display the pipeline as the report prints it, with the files as a glob
 */
record ShellPipeline(String script, List<Path> files, String display) {

    ShellPipeline {
        if (!script.contains("\"$@\"")) {
            throw new IllegalArgumentException("a pipeline reads its files as \"$@\": " + script);
        }
        files = List.copyOf(files);
    }

    /** Runs it and returns what it printed. */
    String run() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", script + "; exit ${PIPESTATUS[0]}", "bash"));
        files.forEach(f -> command.add(f.toString()));
        try {
            return new ExternalCommand(command).capture();
        } catch (IOException e) {
            throw new IOException("'" + display + "' failed: " + e.getMessage().replaceFirst("^'.*' exited", "exited"), e);
        }
    }
}
