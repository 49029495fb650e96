package dev.rewind.server;

import dev.rewind.query.BadRequestException;
import dev.rewind.query.LimitExceededException;
import dev.rewind.query.TooBusyException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error as the JSON {@code {error, field, message}}: 400 naming the field (or the limit),
 * 413 for a body too large, 429 with {@code Retry-After} when every job slot and the queue are
 * taken, 500 (logged) for anything unexpected — never a plain-text page.
 */
final class ErrorAnswers {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorAnswers.class);

    private ErrorAnswers() {
    }

    static void register(JavalinConfig cfg) {
        cfg.routes.exception(LimitExceededException.class, (e, ctx) ->
                ctx.status(400).json(new ApiError("limit_exceeded", e.field(), e.reason())));
        cfg.routes.exception(BadRequestException.class, (e, ctx) ->
                ctx.status(400).json(new ApiError("bad_request", e.field(), e.reason())));
        cfg.routes.exception(QueryController.BodyTooLargeException.class, (e, ctx) ->
                ctx.status(413).json(new ApiError("payload_too_large", "body", e.getMessage())));
        cfg.routes.exception(TooBusyException.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
            ctx.status(429).json(new ApiError("too_many_requests", null, e.getMessage()));
        });
        cfg.routes.exception(HttpResponseException.class, (e, ctx) ->
                ctx.status(e.getStatus()).json(new ApiError(e.getStatus() == 413 ? "payload_too_large" : "http_" + e.getStatus(),
                        e.getStatus() == 413 ? "body" : null, e.getMessage())));
        cfg.routes.exception(Exception.class, (e, ctx) -> {
            LOG.warn("request failed: {} {}", ctx.method(), ctx.path(), e);
            ctx.status(500).json(new ApiError("internal", null, String.valueOf(e.getMessage())));
        });
    }
}
