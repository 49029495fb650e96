package dev.rewind.connectors.storage;

import com.google.common.io.ByteStreams;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Consumer;

/**
 * The local filesystem: the one place archives are read with {@code java.nio.file}. A ranged read
 * is a file channel positioned at the offset, as it always was (no copy, no cache: the page cache
 * is the cache). Writes go to a partial file moved into place. A file {@code rewind tier} moved
 * away is read from its copy ({@link TierLog}). Stateless; one instance serves all.
 */
public final class LocalStorage implements Storage {
    public static final LocalStorage INSTANCE = new LocalStorage();

    private LocalStorage() {
    }

    @Override
    public void list(StoragePath folder, Descend descend, Consumer<StoredFile> found) throws IOException {
        Path root = folder.toLocalPath();
        if (!Files.exists(root)) {
            throw new NoSuchFileException(root.toString(), null, "archive directory does not exist");
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.equals(root) || descend.into(StoragePath.of(dir)) ? FileVisitResult.CONTINUE
                            : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        found.accept(new StoredFile(StoragePath.of(file), attrs.size(),
                                attrs.lastModifiedTime().toMillis()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // vanished or unreadable: not an archive now
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public StoredFile stat(StoragePath file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file.toLocalPath(), BasicFileAttributes.class);
            return a.isRegularFile() ? new StoredFile(file, a.size(), a.lastModifiedTime().toMillis()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public int readAt(StoredFile file, long offset, byte[] target, int off, int len, IoCounts counts) throws IOException {
        FileChannel opened;
        try {
            opened = FileChannel.open(file.path().toLocalPath(), StandardOpenOption.READ);
        } catch (NoSuchFileException gone) {
            StoredFile moved = movedOr(file, gone);
            return Storages.of(moved.path()).readAt(moved, offset, target, off, len, counts);
        }
        try (FileChannel channel = opened) {
            ByteBuffer buffer = ByteBuffer.wrap(target, off, len);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position() - off) < 0) {
                    break;
                }
            }
            return buffer.position() - off;
        }
    }

    @Override
    public InputStream openRange(StoredFile file, long offset, long length, IoCounts counts) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file.path().toLocalPath(), StandardOpenOption.READ);
        } catch (NoSuchFileException gone) {
            StoredFile moved = movedOr(file, gone);
            return Storages.of(moved.path()).openRange(moved, offset, length, counts);
        }
        try {
            channel.position(offset);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return ByteStreams.limit(Channels.newInputStream(channel), length);
    }

    @Override
    public InputStream open(StoredFile file, IoCounts counts) throws IOException {
        try {
            return Files.newInputStream(file.path().toLocalPath());
        } catch (NoSuchFileException gone) {
            StoredFile moved = movedOr(file, gone);
            return Storages.of(moved.path()).open(moved, counts);
        }
    }

    /**
     * Where a file that is gone went, when {@code rewind tier} moved it (its {@link TierLog}): a
     * query planned while the file was here reads the copy, the same bytes, rather than failing in
     * the moment between the local copy's deletion and the catalog's next refresh.
     *
     * @throws NoSuchFileException {@code gone} when it was not moved, or the copy is of another version
     */
    private static StoredFile movedOr(StoredFile file, NoSuchFileException gone) throws NoSuchFileException {
        StoredFile moved = TierLog.movedCopy(file.path(), file.length());
        if (moved == null) {
            throw gone;
        }
        return moved;
    }

    /** The whole file without knowing its length first. */
    public InputStream open(StoragePath file) throws IOException {
        return Files.newInputStream(file.toLocalPath());
    }

    @Override
    public void write(StoragePath file, Body body) throws IOException {
        Path target = file.toLocalPath();
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path partial = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + ".partial");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 64 * 1024)) {
            body.writeTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public boolean delete(StoragePath file) throws IOException {
        return Files.deleteIfExists(file.toLocalPath());
    }

    @Override
    public boolean isWritable(StoragePath folder) {
        return Files.isWritable(folder.toLocalPath());
    }

    @Override
    public String tier() {
        return "local";
    }
}
