package dev.rewind.query;

/** A query beyond one of the {@link QueryLimits}: HTTP 400 naming the limit, the asked and the allowed figure. */
public final class LimitExceededException extends BadRequestException {
    public LimitExceededException(String field, String message) {
        super(field, message);
    }
}
