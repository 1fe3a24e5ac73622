package pay.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connection pool with its schema migrated: SQLite in a local file by default, PostgreSQL by
 * its URL alone. The same migrations (classpath:db/migration) run unchanged on both.
 */
public final class Database implements AutoCloseable {

    /** Where every migration lives; one portable set for all vendors. */
    public static final String MIGRATIONS = "classpath:db/migration";

    /**
     * How long a SQLite writer waits for another one (this process or the `keys` CLI beside a
     * running server) before failing with SQLITE_BUSY. Write transactions take milliseconds; ten
     * seconds of waiting means something is stuck, not busy.
     */
    static final int SQLITE_BUSY_TIMEOUT_MILLIS = 10_000;

    /**
     * How long a caller waits for a pooled connection. As long as SQLite's own busy timeout: a burst of
     * sellers queues for the one SQLite connection (bench/pay: 50 at once) instead of failing with 500,
     * and a database that is really stuck still fails requests well before HikariCP's default 30 s.
     */
    static final long CONNECTION_TIMEOUT_MILLIS = 10_000;

    private static final long VALIDATION_TIMEOUT_MILLIS = 1_000;
    private static final int READINESS_TIMEOUT_SECONDS = 1;

    private final HikariDataSource pool;
    private final DatabaseVendor vendor;
    private final String description;

    private Database(HikariDataSource pool, DatabaseVendor vendor, String description) {
        this.pool = pool;
        this.vendor = vendor;
        this.description = description;
    }

    /**
     * Opens a pool (HikariCP) and migrates the schema with Flyway. SQLite: creates the parent
     * folder, WAL journal, busy_timeout, foreign keys on, synchronous=FULL (money), and write
     * transactions that take the write lock at BEGIN. PostgreSQL: by URL alone.
     */
    public static Database open(DatabaseSettings settings) {
        DatabaseVendor vendor = DatabaseVendor.of(settings.jdbcUrl());
        HikariConfig config = new HikariConfig();
        config.setPoolName("pay-db");
        config.setMaximumPoolSize(settings.poolSize());
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setValidationTimeout(VALIDATION_TIMEOUT_MILLIS);
        if (vendor == DatabaseVendor.SQLITE) {
            config.setDataSource(sqliteDataSource(settings.jdbcUrl(), vendor.rest(settings.jdbcUrl())));
        } else {
            config.setJdbcUrl(settings.jdbcUrl());
            config.setUsername(settings.user());
            config.setPassword(settings.password());
        }
        String description = DatabaseVendor.withoutCredentials(settings.jdbcUrl());
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException unreachable) {
            throw new IllegalStateException("Could not connect to " + description, unreachable);
        }
        try {
            Flyway.configure().dataSource(pool).locations(MIGRATIONS).callbacks(new MigrationFailPoint())
                    .load().migrate();
        } catch (RuntimeException failure) {
            pool.close();
            throw new IllegalStateException("Could not migrate the schema of " + description, failure);
        }
        return new Database(pool, vendor, description);
    }

    private static DataSource sqliteDataSource(String jdbcUrl, String fileAndOptions) {
        createParentFolder(sqliteFile(fileAndOptions));
        SQLiteConfig config = new SQLiteConfig();
        // WAL: readers never wait for the writer, and the writer never waits for readers.
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // Money: a commit that returned is on disk even if the power fails right after.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
        // BEGIN IMMEDIATE: a read-then-write transaction that began deferred fails with SQLITE_BUSY
        // at once, without waiting, when another writer committed in between; taking the lock at
        // BEGIN makes it wait its turn under busy_timeout instead.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(jdbcUrl);
        return dataSource;
    }

    private static Path sqliteFile(String fileAndOptions) {
        String file = fileAndOptions.startsWith("file:") ? fileAndOptions.substring("file:".length()) : fileAndOptions;
        int options = file.indexOf('?');
        if (options >= 0) {
            file = file.substring(0, options);
        }
        if (file.isEmpty() || file.equals(":memory:") || fileAndOptions.contains("mode=memory")) {
            throw new IllegalArgumentException("In-memory SQLite is not supported: each pooled connection would see "
                    + "its own empty database. Give a file, e.g. jdbc:sqlite:data/pay.db");
        }
        return Path.of(file).toAbsolutePath();
    }

    // SQLite creates a missing file but not a missing folder.
    private static void createParentFolder(Path file) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException failure) {
            throw new UncheckedIOException("Could not create the database folder " + file.getParent(), failure);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /** "sqlite" or "postgresql". */
    public String vendor() {
        return vendor.id();
    }

    /** For banners and logs: the URL with any password masked. */
    public String describe() {
        return description;
    }

    /** Whether a valid connection can be had (within the connection timeout); for readiness checks. */
    public boolean isReachable() {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(READINESS_TIMEOUT_SECONDS);
        } catch (SQLException unreachable) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "Database[" + description + "]";
    }
}
