package pay.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the database is and how many pooled connections to keep.
 * The vendor follows from the JDBC URL alone: {@code jdbc:sqlite:} or {@code jdbc:postgresql:}.
 * User and password may be null (SQLite, or credentials inside the URL).
 */
public record DatabaseSettings(String jdbcUrl, String user, String password, int poolSize) {

    /** The file name of the embedded database inside the data folder. */
    public static final String SQLITE_FILE_NAME = "pay.db";

    /**
     * SQLite serialises writers on the whole file, so more connections only add readers. Two lets
     * one reader run beside one writer (WAL) while writers queue in the pool, in order, instead of
     * in SQLite's sleeping busy handler, which is what gave a single connection its good tail
     * latency in the camel-notes measurement. Figures: bench/sqlite-pool.
     */
    public static final int SQLITE_POOL_SIZE = 2;

    /** HikariCP's own default; a PostgreSQL server serves concurrent writers itself. */
    public static final int SERVER_POOL_SIZE = 10;

    public DatabaseSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (jdbcUrl.isBlank()) {
            throw new IllegalArgumentException("The JDBC URL is empty");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("The pool needs at least one connection, not " + poolSize);
        }
    }

    /** The embedded default: {@code jdbc:sqlite:<dataDir>/pay.db}, pool sized for SQLite. */
    public static DatabaseSettings sqliteIn(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve(SQLITE_FILE_NAME);
        return new DatabaseSettings("jdbc:sqlite:" + file, null, null, SQLITE_POOL_SIZE);
    }

    /** Any supported URL, with the pool size that suits its vendor. */
    public static DatabaseSettings forUrl(String jdbcUrl, String user, String password) {
        int poolSize = DatabaseVendor.of(jdbcUrl) == DatabaseVendor.SQLITE ? SQLITE_POOL_SIZE : SERVER_POOL_SIZE;
        return new DatabaseSettings(jdbcUrl, user, password, poolSize);
    }

    /** Redacted: settings get logged, the password must not be. */
    @Override
    public String toString() {
        return "DatabaseSettings[" + DatabaseVendor.withoutCredentials(jdbcUrl) + ", user=" + user
                + ", password=" + (password == null ? "none" : "***") + ", poolSize=" + poolSize + "]";
    }
}
