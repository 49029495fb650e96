package dev.rewind.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.api.BadRequestException;
import dev.rewind.api.QueryAnswer;
import dev.rewind.api.QueryRequest;
import dev.rewind.api.RequestParser;
import dev.rewind.query.QueryProgress;
import dev.rewind.query.handler.QueryListener;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/query}: a JSON answer, or with {@code Accept: application/x-ndjson} a progressive
 * stream of {@code progress}, {@code rows} and a final {@code done} event; {@code GET
 * /api/query/stream?q=BODY} the same as server-sent events.
 */
final class QueryController {
    /** Bodies over 1 MiB are refused: a query is a few hundred bytes. */
    static final int MAX_BODY = 1 << 20;

    private final QueryService service;
    private final ObjectMapper json;

    QueryController(QueryService service, ObjectMapper json) {
        this.service = service;
        this.json = json;
    }

    void post(Context ctx) throws Exception {
        QueryRequest request = parse(ctx.bodyAsBytes());
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("application/x-ndjson")) {
            stream(ctx, request);
            return;
        }
        ctx.json(service.query(request, QueryListener.NONE));
    }

    QueryRequest parse(byte[] body) {
        if (body.length > MAX_BODY) {
            throw new BadRequestException("body", "is " + body.length + " bytes; the limit is " + MAX_BODY);
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("body", "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return RequestParser.parse(node);
    }

    private void stream(Context ctx, QueryRequest request) throws Exception {
        ctx.contentType("application/x-ndjson");
        // The servlet stream itself: Javalin's ctx.outputStream() may hold bytes back to decide on
        // compression, which would defeat a progressive answer.
        OutputStream out = ctx.res().getOutputStream();
        QueryAnswer answer = service.query(request, new QueryListener() {
            @Override
            public void progress(QueryProgress progress) {
                write(out, event("progress", progress));
            }

            @Override
            public void rows(List<QueryAnswer.ResultRow> rows) {
                write(out, event("rows", rows));
            }
        });
        write(out, event("done", answer));
    }

    void sse(SseClient client) {
        try {
            QueryRequest request = parse(String.valueOf(client.ctx().queryParam("q")).getBytes(StandardCharsets.UTF_8));
            QueryAnswer answer = service.query(request, new QueryListener() {
                @Override
                public void progress(QueryProgress progress) {
                    client.sendEvent("progress", progress);
                }

                @Override
                public void rows(List<QueryAnswer.ResultRow> rows) {
                    client.sendEvent("rows", rows);
                }
            });
            client.sendEvent("done", answer);
        } catch (BadRequestException e) {
            client.sendEvent("error", new ApiError("bad_request", e.field(), e.reason()));
        } catch (Exception e) {
            client.sendEvent("error", new ApiError("failed", null, String.valueOf(e.getMessage())));
        } finally {
            client.close();
        }
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
