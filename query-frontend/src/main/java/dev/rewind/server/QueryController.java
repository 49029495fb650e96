package dev.rewind.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.api.RequestParser;
import dev.rewind.api.WireAnswers;
import dev.rewind.query.Answer;
import dev.rewind.query.BadRequestException;
import dev.rewind.query.QueryEngine;
import dev.rewind.query.QueryProgress;
import dev.rewind.query.QueryRequest;
import dev.rewind.query.Row;
import dev.rewind.query.chain.QueryContext;
import dev.rewind.query.chain.QueryListener;
import dev.rewind.server.access.AccessPolicy;
import dev.rewind.server.access.Tokens;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/query}: a JSON answer, or with {@code Accept: application/x-ndjson} a progressive
 * stream of {@code progress}, {@code rows} and a final {@code done} event; {@code GET
 * /api/query/stream?q=BODY} the same as server-sent events; {@code DELETE /api/query/{id}} stops
 * one. A query whose client goes away is stopped.
 */
final class QueryController {
    /** Bodies over 1 MiB are refused (413): a query is a few hundred bytes. */
    static final int MAX_BODY = 1 << 20;

    private final QueryEngine engine;
    private final ObjectMapper json;

    QueryController(QueryEngine engine, ObjectMapper json) {
        this.engine = engine;
        this.json = json;
    }

    void post(Context ctx) throws Exception {
        QueryRequest request = RequestParser.parse(body(ctx));
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("application/x-ndjson")) {
            stream(ctx, request);
            return;
        }
        QueryContext context = context(ctx, QueryListener.NONE);
        try (ClientWatch watch = ClientWatch.of(ctx, () -> context.cancel("the client went away"))) {
            ctx.json(WireAnswers.of(engine.query(request, context)));
        }
    }

    private QueryContext context(Context ctx, QueryListener listener) {
        return engine.context(listener).ownedBy(AccessPolicy.roleOf(ctx).name());
    }

    /** The body, read up to the limit: a longer one is a 413 before any of it is parsed. */
    static byte[] body(Context ctx) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY) {
            throw new BodyTooLargeException(declared);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new BodyTooLargeException(-1);
            }
            return bytes;
        }
    }

    /** A body over {@link #MAX_BODY}: HTTP 413. */
    static final class BodyTooLargeException extends RuntimeException {
        BodyTooLargeException(long declared) {
            super("the body " + (declared > 0 ? "is " + declared + " bytes" : "is longer than that") + "; the limit is "
                    + MAX_BODY + " bytes");
        }
    }

    private void stream(Context ctx, QueryRequest request) throws Exception {
        ctx.contentType("application/x-ndjson");
        // The servlet stream itself: Javalin's ctx.outputStream() may hold bytes back to decide on
        // compression, which would defeat a progressive answer.
        OutputStream out = ctx.res().getOutputStream();
        QueryContext context = context(ctx, new QueryListener() {
            @Override
            public void progress(QueryProgress progress) {
                write(out, event("progress", progress));
            }

            @Override
            public void rows(List<Row> rows) {
                write(out, event("rows", rows.stream().map(WireAnswers::row).toList()));
            }
        });
        try (ClientWatch watch = ClientWatch.of(ctx, () -> context.cancel("the client went away"))) {
            Answer answer = engine.query(request, context);
            write(out, event("done", WireAnswers.of(answer)));
        }
    }

    void sse(SseClient client) {
        try {
            QueryRequest request = RequestParser.parse(String.valueOf(client.ctx().queryParam("q"))
                    .getBytes(StandardCharsets.UTF_8));
            QueryContext context = context(client.ctx(), new QueryListener() {
                @Override
                public void progress(QueryProgress progress) {
                    client.sendEvent("progress", progress);
                }

                @Override
                public void rows(List<Row> rows) {
                    client.sendEvent("rows", rows.stream().map(WireAnswers::row).toList());
                }
            });
            client.onClose(() -> context.cancel("the client went away"));
            client.sendEvent("done", WireAnswers.of(engine.query(request, context)));
        } catch (BadRequestException e) {
            client.sendEvent("error", new ApiError("bad_request", e.field(), e.reason()));
        } catch (Exception e) {
            client.sendEvent("error", new ApiError("failed", null, String.valueOf(e.getMessage())));
        } finally {
            client.close();
        }
    }

    /** {@code DELETE /api/query/{id}}: an admin stops any query; anyone else, the queries started with their token. */
    void cancel(Context ctx) {
        String id = ctx.pathParam("id");
        Tokens.Role role = AccessPolicy.roleOf(ctx);
        boolean stopped = engine.cancel(id, "cancelled by DELETE /api/query/" + id,
                owner -> role == Tokens.Role.ADMIN || owner.equals(role.name()));
        ctx.status(stopped ? 200 : 404).json(stopped ? Map.of("cancelled", true)
                : new ApiError("not_found", "id", "no running query " + id + " of yours"));
    }

    private Map<String, Object> event(String type, Object data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put(type.equals("rows") ? "rows" : type.equals("done") ? "answer" : "progress", data);
        return event;
    }

    private synchronized void write(OutputStream out, Object event) {
        try {
            out.write(json.writeValueAsBytes(event));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("client went away", e);
        }
    }
}
