package dev.rewind.bench.query;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * DuckDB in-process (the JDBC driver from Maven Central), reading the sample's zstd NDJSON files
 * directly with {@code read_json} at every query: no table is loaded beforehand, so it does the
 * work Rewind and grep do. The columns are declared, as a user who knows the log schema would,
 * which spares the type-inference pass over the first files; {@code hive_partitioning} gives it
 * the {@code dt} column of the path, by which it prunes files. Not thread-safe.
 */
public final class DuckDbEngine implements AutoCloseable {
    private final Connection connection;
    private final int threads;

    private DuckDbEngine(Connection connection, int threads) {
        this.connection = connection;
        this.threads = threads;
    }

    public static DuckDbEngine open(int threads) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA threads=" + threads);
        }
        return new DuckDbEngine(connection, threads);
    }

    /** The table expression every query reads: all day archives under {@code dir}. */
    public static String source(Path dir) {
        return "read_json('" + dir.toAbsolutePath().normalize().toString().replace("'", "''")
                + "/dt=*/*.zst', format = 'newline_delimited', compression = 'zstd', hive_partitioning = true, "
                + "columns = {timestamp: 'TIMESTAMP', level: 'VARCHAR', service: 'VARCHAR', host: 'VARCHAR', "
                + "message: 'VARCHAR', trace_id: 'VARCHAR'})";
    }

    Answer run(String sql, AnswerKind kind) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            return kind.fromDuckDb(rows);
        }
    }

    /** The first column of the first row, or null when there is none. */
    public String queryString(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    /**
     * Whether this build reads {@code s3://} offline: DuckDB's S3 support is its {@code httpfs}
     * extension, which the JDBC jar does not bundle and normally downloads on first use. Loading
     * is tried once with downloads off.
     *
     * @return null when it loaded, else why not (DuckDB's own message)
     */
    String probeHttpfs() {
        try (Statement s = connection.createStatement()) {
            s.execute("SET autoinstall_known_extensions = false");
            s.execute("LOAD httpfs");
            return null;
        } catch (SQLException e) {
            return e.getMessage().replaceAll("\\s+", " ").strip();
        }
    }

    public String version() throws SQLException {
        return "DuckDB " + queryString("SELECT version()").replaceFirst("^v", "") + " (JDBC, " + threads + " threads)";
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
