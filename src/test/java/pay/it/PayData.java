package pay.it;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.sqlite.SQLiteConfig;
import pay.store.DatabaseSettings;

/**
 * Where the Pay under test keeps its data: the data folder (master.key, and the SQLite file) or, when a
 * database URL is given, a PostgreSQL schema for the invoices and keys.
 */
record PayData(Path dir, String dbUrl, String dbUser) {

    static PayData sqlite(Path dir) {
        return new PayData(dir, null, null);
    }

    /** The options the admin commands take to work on this data. */
    List<String> commandOptions() {
        List<String> options = new ArrayList<>(List.of("--data-dir", dir.toString()));
        if (dbUrl != null) {
            options.addAll(List.of("--db-url", dbUrl, "--db-user", dbUser));
        }
        return options;
    }

    /** The properties {@code pay run} takes to use this database (the data folder is given apart). */
    List<String> runProperties() {
        return dbUrl == null ? List.of() : List.of("pay.db.url=" + dbUrl, "pay.db.user=" + dbUser);
    }

    /** A read-only connection, for a Pay that runs, hangs or lies dead. */
    Connection connect() throws SQLException {
        if (dbUrl != null) {
            Properties properties = new Properties();
            properties.setProperty("user", dbUser);
            properties.setProperty("readOnly", "true");
            return DriverManager.getConnection(dbUrl, properties);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(10_000);
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(DatabaseSettings.SQLITE_FILE_NAME),
                config.toProperties());
    }
}
