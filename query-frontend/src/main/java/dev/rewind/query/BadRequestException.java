package dev.rewind.query;

/**
 * A request that cannot be run: names the field and what was expected. Becomes HTTP 400 with
 * {@code {error, field, message}}, or a one-line error on the command line.
 */
public class BadRequestException extends RuntimeException {
    private final String field;

    public BadRequestException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The message without the field name. */
    public String reason() {
        return getMessage().substring(field.length() + 2);
    }
}
