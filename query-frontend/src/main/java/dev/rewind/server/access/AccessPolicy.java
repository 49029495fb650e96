package dev.rewind.server.access;

import dev.rewind.server.ApiError;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who may call what, checked before every request (a Javalin before-handler):
 * <ul>
 *   <li>on loopback, the {@code Host} header must name a loopback host, so a page whose DNS name
 *       was rebound to 127.0.0.1 cannot reach the API through the browser;</li>
 *   <li>a browser page of another origin gets no answer it can read (CORS only for the origins
 *       configured) and cannot change anything (its {@code Origin} is refused on anything but GET);</li>
 *   <li>a body must be {@code application/json} (a cross-site form or {@code text/plain} post is 415,
 *       never run);</li>
 *   <li>with tokens configured, every {@code /api} call but health needs a bearer token: the query
 *       token for questions, the admin token for clearing caches, the demo and (optionally)
 *       {@code /metrics}.</li>
 * </ul>
 * Refusals are the JSON error of every other answer. Thread-safe.
 */
public final class AccessPolicy {
    /** The request attribute holding the caller's {@link Tokens.Role}. */
    public static final String ROLE = "rewind.role";

    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    private final Tokens tokens;
    private final boolean loopback;
    private final List<String> corsOrigins;

    public AccessPolicy(Tokens tokens, String bindHost, List<String> corsOrigins) {
        this.tokens = tokens;
        this.loopback = isLoopback(bindHost);
        this.corsOrigins = List.copyOf(corsOrigins);
        if (!loopback && !tokens.configured()) {
            throw new IllegalArgumentException("refusing to listen on " + bindHost + " without tokens: anyone who can "
                    + "reach it could read every log line. Configure tokens (--token-file, or REWIND_QUERY_TOKEN and "
                    + "REWIND_ADMIN_TOKEN), or listen on 127.0.0.1");
        }
    }

    public static boolean isLoopback(String host) {
        try {
            return LOOPBACK_NAMES.contains(host.toLowerCase(Locale.ROOT)) || InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The before-handler: halts the request with the refusal, or records the caller's role and lets it through. */
    public void check(Context ctx) {
        String path = ctx.path();
        if (loopback && !hostIsLoopback(ctx.header("Host"))) {
            refuse(ctx, 403, "forbidden", "Host", "this server answers only requests addressed to localhost "
                    + "(the Host header named '" + ctx.header("Host") + "')");
            return;
        }
        String origin = ctx.header("Origin");
        boolean crossSite = origin != null && !sameOrigin(origin, ctx.header("Host"));
        boolean allowedOrigin = origin != null && corsOrigins.contains(origin);
        if (allowedOrigin) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Vary", "Origin");
            ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept");
            ctx.header("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
        }
        if (ctx.method() == HandlerType.OPTIONS) {
            ctx.status(allowedOrigin ? 204 : 403);
            if (!allowedOrigin) {
                ctx.json(new ApiError("forbidden", "Origin", "no cross-origin requests from " + origin));
            }
            ctx.skipRemainingHandlers();
            return;
        }
        if (crossSite && !allowedOrigin && ctx.method() != HandlerType.GET) {
            refuse(ctx, 403, "forbidden", "Origin", "requests from a page of " + origin + " are not accepted");
            return;
        }
        if (hasBody(ctx) && !isJson(ctx.header("Content-Type"))) {
            refuse(ctx, 415, "unsupported_media_type", "Content-Type", "a request body must be application/json, was "
                    + (ctx.header("Content-Type") == null ? "none" : "'" + ctx.header("Content-Type") + "'"));
            return;
        }
        Tokens.Role role = tokens.configured()
                ? tokens.roleOf(Tokens.bearer(ctx.header("Authorization")).orElse(null)) : Tokens.Role.ADMIN;
        ctx.attribute(ROLE, role);
        Tokens.Role needed = needed(ctx.method(), path);
        if (needed == Tokens.Role.NONE || role.compareTo(needed) >= 0) {
            return;
        }
        if (role == Tokens.Role.NONE) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"rewind\"");
            refuse(ctx, 401, "unauthorized", "Authorization", "this call needs a bearer token "
                    + "(Authorization: Bearer <token>)");
        } else {
            refuse(ctx, 403, "forbidden", "Authorization", "this call needs the admin token");
        }
    }

    /** The role a call needs when tokens are configured. */
    Tokens.Role needed(HandlerType method, String path) {
        if (path.equals("/api/health") || (!path.startsWith("/api/") && !path.equals("/metrics"))) {
            return Tokens.Role.NONE; // liveness, and the dashboard's own files (it then asks for a token)
        }
        if (path.equals("/metrics")) {
            return tokens.protectMetrics() ? Tokens.Role.ADMIN : Tokens.Role.NONE;
        }
        if ((method == HandlerType.DELETE && path.equals("/api/cache")) || path.startsWith("/api/demo/")
                || path.startsWith("/api/admin/")) {
            return Tokens.Role.ADMIN;
        }
        return Tokens.Role.QUERY;
    }

    private static boolean hostIsLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            h = end < 0 ? h : h.substring(0, end + 1);
        } else if (h.indexOf(':') >= 0 && h.indexOf(':') == h.lastIndexOf(':')) {
            h = h.substring(0, h.indexOf(':'));
        }
        return LOOPBACK_NAMES.contains(h);
    }

    private static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        String o = origin.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        return o.equals("http://" + h) || o.equals("https://" + h);
    }

    private static boolean hasBody(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        return length > 0 || (length < 0 && ctx.header("Transfer-Encoding") != null);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json");
    }

    private static void refuse(Context ctx, int status, String error, String field, String message) {
        ctx.status(status).json(new ApiError(error, field, message));
        ctx.skipRemainingHandlers();
    }

    public static Tokens.Role roleOf(Context ctx) {
        Tokens.Role role = ctx.attribute(ROLE);
        return role == null ? Tokens.Role.NONE : role;
    }
}
