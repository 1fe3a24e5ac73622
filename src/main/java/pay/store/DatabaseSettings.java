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
     * One connection. SQLite admits one writer at a time to the whole file; with more connections,
     * writers that find it locked sleep in SQLite's busy handler (1 ms growing to 100 ms naps) and
     * lose the race to whoever asks next, so a burst leaves some writers waiting seconds. One
     * connection makes them queue in the pool, first come first served. Measured with
     * bench/sqlite-pool (2 shared cores, 8 writers + 8 readers): writes max 0.3-0.5 s with 1
     * connection against 1.5-3.2 s with 2 to 8; the price is reads waiting behind writes
     * (read p99 about 100 ms against 25-60 ms) at loads far above Pay's. Either way the file stays
     * safe to share with another process (the keys CLI beside a running server): see Database.
     */
    public static final int SQLITE_POOL_SIZE = 1;

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
