package dev.rewind.connectors.storage;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a file or folder is: a local path as it was given ({@code data/archives/x.zst},
 * {@code /var/log/app.gz}) or a URI of any other store ({@code s3://bucket/logs/dt=2024-03-15/x.zst}).
 * What archives, sidecars and catalog roots are named by, so one code path serves both; the text
 * is kept as given (a local path's {@code toString()} is the path's, as answers and warnings have
 * always shown it). A {@code file:} URI is a local path. Remote locations have no trailing slash:
 * {@code s3://bucket/logs} names the folder {@code logs/}. Immutable.
 */
public record StoragePath(String location) implements Comparable<StoragePath>, Serializable {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

    /**
     * @throws IllegalArgumentException for a blank location or a URI without a bucket or host
     */
    public StoragePath {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("an archive location must not be empty");
        }
        if (SCHEME.matcher(location).matches()) {
            if (location.regionMatches(true, 0, "file://", 0, 7)) {
                location = Path.of(URI.create(location)).toString();
            } else {
                int authority = location.indexOf("://") + 3;
                while (location.length() > authority && location.endsWith("/")) {
                    location = location.substring(0, location.length() - 1);
                }
                if (location.length() == authority || location.charAt(authority) == '/') {
                    throw new IllegalArgumentException("'" + location + "' names no bucket or host: expected "
                            + "scheme://bucket/prefix, e.g. s3://logs/archive");
                }
            }
        }
    }

    /** A local path or a URI, as typed on a command line. */
    public static StoragePath of(String pathOrUri) {
        return new StoragePath(pathOrUri);
    }

    public static StoragePath of(Path local) {
        return new StoragePath(local.toString());
    }

    /** Whether this is on the local filesystem (served by {@link LocalStorage}). */
    public boolean isLocal() {
        return !SCHEME.matcher(location).matches();
    }

    /** The local path. @throws IllegalStateException for a remote location */
    public Path toLocalPath() {
        if (!isLocal()) {
            throw new IllegalStateException(location + " is not a local path");
        }
        return Path.of(location);
    }

    /** {@code file} for a local path, else the URI's scheme, lower case ({@code s3}). */
    public String scheme() {
        return isLocal() ? "file" : location.substring(0, location.indexOf("://")).toLowerCase(java.util.Locale.ROOT);
    }

    /** The scheme and authority ({@code s3://bucket}): one remote file system; {@code file://} for local paths. */
    public String fileSystem() {
        if (isLocal()) {
            return "file://";
        }
        int start = location.indexOf("://") + 3;
        int slash = location.indexOf('/', start);
        return slash < 0 ? location : location.substring(0, slash);
    }

    public URI toUri() {
        return isLocal() ? toLocalPath().toAbsolutePath().toUri() : URI.create(encodeForUri(location));
    }

    /** The last name of the path ({@code x.zst}); the bucket for a bucket's root. */
    public String name() {
        if (isLocal()) {
            Path name = toLocalPath().getFileName();
            return name == null ? location : name.toString();
        }
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** {@code relative} (with {@code /} between names) under this folder. */
    public StoragePath resolve(String relative) {
        if (isLocal()) {
            return of(toLocalPath().resolve(relative));
        }
        return new StoragePath(location + "/" + relative);
    }

    /** The folder holding this; null at a root (a bucket, or a local path without a parent). */
    public StoragePath parent() {
        if (isLocal()) {
            Path parent = toLocalPath().toAbsolutePath().normalize().getParent();
            return parent == null ? null : of(parent);
        }
        int slash = location.lastIndexOf('/');
        return slash < location.indexOf("://") + 3 ? null : new StoragePath(location.substring(0, slash));
    }

    /** A file named {@code name} in the same folder. */
    public StoragePath sibling(String name) {
        if (isLocal()) {
            return of(toLocalPath().resolveSibling(name));
        }
        return new StoragePath(location.substring(0, location.lastIndexOf('/') + 1) + name);
    }

    /** The path of this below {@code root}, with {@code /} between names; null when it is not below it. */
    public String relativeTo(StoragePath root) {
        if (isLocal() != root.isLocal()) {
            return null;
        }
        if (isLocal()) {
            Path r = root.toLocalPath().toAbsolutePath().normalize();
            Path p = toLocalPath().toAbsolutePath().normalize();
            return p.startsWith(r) ? r.relativize(p).toString().replace('\\', '/') : null;
        }
        String prefix = root.location + "/";
        return location.startsWith(prefix) ? location.substring(prefix.length()) : null;
    }

    /** A stable text for hashing: a local path made absolute and normal, a URI as it is. */
    public String canonical() {
        return isLocal() ? toLocalPath().toAbsolutePath().normalize().toString() : location;
    }

    @Override
    public int compareTo(StoragePath o) {
        return location.compareTo(o.location);
    }

    @Override
    public String toString() {
        return location;
    }

    /** Characters a path may hold that a URI may not (a space, {@code %}) escaped; {@code /} and {@code =} kept. */
    private static String encodeForUri(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == ' ' || c == '%' || c == '"' || c == '<' || c == '>' || c == '^' || c == '`' || c == '{'
                    || c == '|' || c == '}' || c == '\\' || c == '#' || c == '?' || c == '[' || c == ']' || c < 0x20) {
                b.append('%').append(String.format("%02X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
