package dev.rewind.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The Flink web UI as Rewind shows it: read-only. Flink's REST API cannot be made read-only by
 * configuration ({@code web.submit.enable} removes the jar upload, but {@code web.cancel.enable}
 * only hides a button: {@code PATCH /jobs/:id} still cancels, {@code DELETE /cluster} still stops
 * the cluster), so the embedded cluster's REST endpoint listens on a free loopback port known only
 * to this process, and this proxy, on the advertised UI port, forwards GET and HEAD only. Anything
 * else is 405; no CORS header is passed on. Thread-safe.
 */
final class FlinkUiProxy implements AutoCloseable {
    private static final List<String> PASSED_HEADERS = List.of("content-type", "cache-control", "etag", "last-modified",
            "content-encoding");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI target;

    private FlinkUiProxy(HttpServer server, URI target) {
        this.server = server;
        this.target = target;
    }

    /**
     * @param host   where the UI listens (loopback)
     * @param port   the advertised port (0: a free one)
     * @param target the embedded cluster's own REST address
     */
    static FlinkUiProxy start(String host, int port, URI target) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (java.net.BindException e) {
            throw new IllegalStateException("the Flink web UI port " + port + " on " + host
                    + " is taken; free it or choose another (--flink-ui-port)", e);
        }
        FlinkUiProxy proxy = new FlinkUiProxy(server, target);
        server.createContext("/", proxy::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "flink-ui-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return proxy;
    }

    String address() {
        InetSocketAddress a = server.getAddress();
        return "http://" + (a.getAddress().isLoopbackAddress() ? "localhost" : a.getHostString()) + ":" + a.getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                byte[] body = ("{\"error\":\"method_not_allowed\",\"field\":null,\"message\":\"the Flink web UI is read-only "
                        + "here: jobs are started and stopped by Rewind\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            URI uri = target.resolve(exchange.getRequestURI().toString());
            HttpResponse<InputStream> answer;
            try {
                answer = client.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
                return;
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            for (String name : PASSED_HEADERS) {
                answer.headers().firstValue(name).ifPresent(v -> exchange.getResponseHeaders().set(name, v));
            }
            long length = answer.headers().firstValueAsLong("content-length").orElse(0);
            exchange.sendResponseHeaders(answer.statusCode(), method.equals("HEAD") ? -1 : length == 0 ? 0 : length);
            try (InputStream in = answer.body(); OutputStream out = exchange.getResponseBody()) {
                if (!method.equals("HEAD")) {
                    in.transferTo(out);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
