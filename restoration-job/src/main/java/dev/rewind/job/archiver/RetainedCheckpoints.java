package dev.rewind.job.archiver;

import java.io.IOException;
import java.util.Optional;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The archiver's retained checkpoints ({@code <dir>/<job id>/chk-<n>/_metadata}): the newest
 * complete one is where a restarted archiver resumes. A checkpoint is complete when its
 * {@code _metadata} exists (Flink writes it last).
 */
final class RetainedCheckpoints {
    private RetainedCheckpoints() {
    }

    /** The newest complete checkpoint under {@code dir} (a path or URI), or empty. */
    static Optional<String> newest(String dir) throws IOException {
        Path root = new Path(dir);
        FileSystem fs = root.getFileSystem();
        if (!fs.exists(root)) {
            return Optional.empty();
        }
        Path best = null;
        long bestTime = Long.MIN_VALUE;
        for (FileStatus job : list(fs, root)) {
            if (!job.isDir()) {
                continue;
            }
            for (FileStatus chk : list(fs, job.getPath())) {
                if (!chk.isDir() || !chk.getPath().getName().startsWith("chk-")) {
                    continue;
                }
                Path metadata = new Path(chk.getPath(), "_metadata");
                if (!fs.exists(metadata)) {
                    continue;
                }
                long time = fs.getFileStatus(metadata).getModificationTime();
                if (time > bestTime) {
                    bestTime = time;
                    best = chk.getPath();
                }
            }
        }
        return Optional.ofNullable(best).map(Path::toString);
    }

    private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
        FileStatus[] found = fs.listStatus(dir);
        return found == null ? new FileStatus[0] : found;
    }
}
