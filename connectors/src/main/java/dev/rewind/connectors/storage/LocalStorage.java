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
 * is the cache). Writes go to a partial file moved into place. Stateless; one instance serves all.
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
        try (FileChannel channel = FileChannel.open(file.path().toLocalPath(), StandardOpenOption.READ)) {
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
        FileChannel channel = FileChannel.open(file.path().toLocalPath(), StandardOpenOption.READ);
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
        return Files.newInputStream(file.path().toLocalPath());
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
