package dev.rewind.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The HTTP API as a client sees it, over a real socket: one request at a time, timed to the last byte. */
public final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Http(int port) {
        this.base = "http://localhost:" + port;
    }

    /** An answer and how long it took, request sent to body read. */
    public record Timed(int status, String body, long nanos) {
        public JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        public double millis() {
            return nanos / 1e6;
        }
    }

    public Timed get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    public Timed post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Timed delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE().build());
    }

    /** Fires {@code n} GETs at once and returns the time until the last answer arrived. */
    public long concurrentGets(String path, int n) {
        long t0 = System.nanoTime();
        var futures = new java.util.ArrayList<java.util.concurrent.CompletableFuture<HttpResponse<String>>>();
        for (int i = 0; i < n; i++) {
            futures.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (var f : futures) {
            int status = f.join().statusCode();
            if (status != 200) {
                throw new IllegalStateException(path + " answered " + status);
            }
        }
        return System.nanoTime() - t0;
    }

    /**
     * One request whatever the answer's status (a 429 or a 500 is an answer here, not an
     * exception), given up after {@code timeout}. For load that counts statuses; the methods above
     * are for measurements where anything but a 2xx is a failed run.
     *
     * @param json the body of a POST, or null for a GET ({@code method} "GET") or DELETE
     * @throws IOException when no answer came: connection refused or reset, or the timeout
     */
    public Timed exchange(String method, String path, String json, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        HttpRequest request = switch (method) {
            case "GET" -> b.GET().build();
            case "DELETE" -> b.DELETE().build();
            case "POST" -> b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
            default -> throw new IllegalArgumentException("method must be GET, POST or DELETE, was " + method);
        };
        long t0 = System.nanoTime();
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Timed(r.statusCode(), r.body(), System.nanoTime() - t0);
    }

    /** A port nothing listens on now (the OS picks it), for a server this run starts. */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Timed send(HttpRequest request) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        long t1 = System.nanoTime();
        if (r.statusCode() / 100 != 2) {
            throw new IOException(request.method() + " " + request.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return new Timed(r.statusCode(), r.body(), t1 - t0);
    }

    /** Waits until {@code path} answers 200, or fails after {@code timeout}. */
    public void awaitUp(String path, Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                get(path);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(base + path + " did not come up within " + timeout.toSeconds() + " s", e);
                }
                Thread.sleep(250);
            }
        }
    }
}
