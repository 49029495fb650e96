package dev.rewind.server.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The bearer tokens that open the API: a query token (ask questions, stream answers, read the
 * catalog and stats) and an admin token (also clear the caches, stop others' queries, the demo
 * endpoints, and {@code /metrics} when it is protected). Kept only as SHA-256 digests and compared
 * in constant time; never logged (its {@code toString} says whether each is set, nothing more).
 */
public final class Tokens {
    public static final Tokens NONE = new Tokens(null, null, false);

    private final byte[] query;
    private final byte[] admin;
    private final boolean protectMetrics;

    /** What a request's token grants. */
    public enum Role { NONE, QUERY, ADMIN }

    private Tokens(String query, String admin, boolean protectMetrics) {
        this.query = query == null ? null : digest(query);
        this.admin = admin == null ? null : digest(admin);
        this.protectMetrics = protectMetrics;
    }

    /**
     * @param query a query token, or null
     * @param admin an admin token, or null (then the query token is also the admin's)
     */
    public static Tokens of(String query, String admin, boolean protectMetrics) {
        if ((query != null && query.length() < 16) || (admin != null && admin.length() < 16)) {
            throw new IllegalArgumentException("tokens must be at least 16 characters (random; e.g. `openssl rand -hex 24`)");
        }
        if (query == null && admin == null) {
            return NONE;
        }
        return new Tokens(query, admin, protectMetrics);
    }

    /**
     * Tokens from a file of {@code query=…} and {@code admin=…} lines (# comments allowed), else from
     * the environment ({@code REWIND_QUERY_TOKEN}, {@code REWIND_ADMIN_TOKEN}).
     */
    public static Tokens load(Path file, boolean protectMetrics) throws IOException {
        String query = null;
        String admin = null;
        if (file != null) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                int eq = l.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException(file + ": lines must be query=TOKEN or admin=TOKEN");
                }
                String name = l.substring(0, eq).strip();
                String value = l.substring(eq + 1).strip();
                switch (name) {
                    case "query" -> query = value;
                    case "admin" -> admin = value;
                    default -> throw new IllegalArgumentException(file + ": unknown token name '" + name
                            + "'; expected query or admin");
                }
            }
        } else {
            query = blankToNull(System.getenv("REWIND_QUERY_TOKEN"));
            admin = blankToNull(System.getenv("REWIND_ADMIN_TOKEN"));
        }
        return of(query, admin, protectMetrics);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Whether any token is configured (then every call but health needs one). */
    public boolean configured() {
        return query != null || admin != null;
    }

    public boolean protectMetrics() {
        return protectMetrics;
    }

    /** What {@code presented} (the bearer token of a request, or null) grants. */
    public Role roleOf(String presented) {
        if (presented == null) {
            return Role.NONE;
        }
        byte[] d = digest(presented);
        // Both compared every time, in constant time: timing says nothing about either token.
        boolean isAdmin = admin != null && MessageDigest.isEqual(d, admin);
        boolean isQuery = query != null && MessageDigest.isEqual(d, query);
        if (isAdmin || (admin == null && isQuery)) {
            return Role.ADMIN;
        }
        return isQuery ? Role.QUERY : Role.NONE;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Optional<String> of the {@code Authorization: Bearer …} header's token. */
    public static Optional<String> bearer(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String a = authorization.strip();
        return a.regionMatches(true, 0, "Bearer ", 0, 7) ? Optional.of(a.substring(7).strip()) : Optional.empty();
    }

    @Override
    public String toString() {
        return "Tokens[query " + (query != null ? "set" : "unset") + ", admin " + (admin != null ? "set" : "unset") + "]";
    }
}
