package dev.rewind.server;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Request;

/**
 * Notices a client that went away while its query runs (the connection closed or failed), so the
 * query's job is stopped instead of scanning for nobody. Uses Jetty's own request and connection
 * listeners (Javalin runs on Jetty 12); where they are not there, it watches nothing.
 */
final class ClientWatch implements AutoCloseable {
    private final Connection connection;
    private final Connection.Listener listener;

    private ClientWatch(Connection connection, Connection.Listener listener) {
        this.connection = connection;
        this.listener = listener;
    }

    /** Runs {@code onGone} (once, from a Jetty thread) if the client's connection closes before {@link #close()}. */
    static ClientWatch of(Context ctx, Runnable onGone) {
        Request request;
        try {
            request = ServletContextRequest.getServletContextRequest(ctx.req());
        } catch (RuntimeException e) {
            return new ClientWatch(null, null);
        }
        java.util.concurrent.atomic.AtomicBoolean fired = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable once = () -> {
            if (fired.compareAndSet(false, true)) {
                onGone.run();
            }
        };
        request.addFailureListener(failure -> once.run());
        Connection connection = request.getConnectionMetaData().getConnection();
        Connection.Listener listener = new Connection.Listener() {
            @Override
            public void onClosed(Connection closed) {
                once.run();
            }
        };
        if (connection != null) {
            connection.addEventListener(listener);
        }
        return new ClientWatch(connection, listener);
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.removeEventListener(listener);
        }
    }
}
