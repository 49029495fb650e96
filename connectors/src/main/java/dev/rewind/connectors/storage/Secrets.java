package dev.rewind.connectors.storage;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The credentials this process was given (Flink keys such as {@code s3.secret-key},
 * {@code s3.access-key}, anything named like a password or token, and the AWS variables of the
 * environment), so that no message leaving the storage layer — an error, a warning in an answer,
 * a log line — carries one: {@link #redact} replaces each with {@code ****}. Values shorter than
 * four characters are not treated as secrets (they would blank ordinary words). Thread-safe.
 */
public final class Secrets {
    private static final Set<String> VALUES = ConcurrentHashMap.newKeySet();
    private static final String[] SECRET_WORDS = {"secret", "password", "access-key", "access.key", "accesskey",
        "token", "credential"};
    private static final String[] ENVIRONMENT = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"};

    static {
        for (String name : ENVIRONMENT) {
            remember(System.getenv(name));
        }
    }

    private Secrets() {
    }

    /** Whether a configuration key names a credential (its value is never shown). */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String word : SECRET_WORDS) {
            if (k.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** Remembers the values of the credential keys of {@code config}. */
    public static void rememberAll(Map<String, String> config) {
        config.forEach((k, v) -> {
            if (isSecretKey(k)) {
                remember(v);
            }
        });
    }

    static void remember(String value) {
        if (value != null && value.length() >= 4) {
            VALUES.add(value);
        }
    }

    /** {@code text} with every known credential replaced by {@code ****}; null stays null. */
    public static String redact(String text) {
        if (text == null || VALUES.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : VALUES) {
            if (out.contains(secret)) {
                out = out.replace(secret, "****");
            }
        }
        return out;
    }

    /**
     * An exception safe to show: the same kind of message, redacted, with the causes' messages
     * (redacted) appended instead of kept as causes, whose own text could hold a credential.
     */
    public static java.io.IOException safe(String context, Throwable t) {
        StringBuilder message = new StringBuilder(context);
        for (Throwable c = t; c != null && c != c.getCause(); c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && !m.isBlank() && message.indexOf(m) < 0) {
                message.append(": ").append(m.strip());
            }
        }
        String text = redact(message.toString());
        return t instanceof java.nio.file.NoSuchFileException ? new java.nio.file.NoSuchFileException(text)
                : new java.io.IOException(text);
    }
}
