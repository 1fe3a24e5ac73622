package pay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every supported database must do; one subclass per vendor. */
abstract class DatabaseContract {

    /** Settings for a database that has never been opened. */
    abstract DatabaseSettings freshSettings();

    abstract String expectedVendor();

    @Test
    void openingAFreshDatabaseAppliesEveryMigrationOnce() {
        try (Database database = Database.open(freshSettings())) {
            assertThat(database.vendor()).isEqualTo(expectedVendor());
            assertThat(count(database, "SELECT COUNT(*) FROM api_keys")).isZero();
            assertThat(count(database, "SELECT COUNT(*) FROM invoices")).isZero();
            assertThat(appliedMigrations(database)).satisfiesExactly(
                    first -> assertThat(first).startsWith("1 at "),
                    second -> assertThat(second).startsWith("2 at "),
                    third -> assertThat(third).startsWith("3 at "));
        }
    }

    @Test
    void reopeningKeepsTheDataAndAppliesNoMigrationAgain() {
        DatabaseSettings settings = freshSettings();
        List<String> migratedFirst;
        try (Database database = Database.open(settings)) {
            migratedFirst = appliedMigrations(database);
            execute(database, "INSERT INTO api_keys (id, email, secret_hash, created_at) VALUES ('k1', 'a@b.cd', 'h', 1)");
        }
        try (Database database = Database.open(settings)) {
            assertThat(appliedMigrations(database)).isEqualTo(migratedFirst);
            assertThat(count(database, "SELECT COUNT(*) FROM api_keys WHERE id = 'k1'")).isEqualTo(1);
        }
    }

    @Test
    void anOpenDatabaseIsReachableAndAClosedOneIsNot() {
        Database database = Database.open(freshSettings());
        assertThat(database.isReachable()).isTrue();
        database.close();
        assertThat(database.isReachable()).isFalse();
    }

    @Test
    void aTransactionThatFailsHalfwayLeavesNoTrace() {
        try (Database database = Database.open(freshSettings())) {
            assertThatThrownBy(() -> Jdbc.inTransaction(database.dataSource(), "half", connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO api_keys (id, email, secret_hash, created_at) VALUES ('k1', 'a@b.cd', 'h', 1)");
                    statement.execute("INSERT INTO api_keys (id, email, secret_hash, created_at) VALUES ('k1', 'a@b.cd', 'h', 1)");
                }
                return null;
            })).isInstanceOf(DatabaseException.class).hasMessageStartingWith("half: ");

            assertThat(count(database, "SELECT COUNT(*) FROM api_keys")).isZero();
        }
    }

    /** Version and install time of every applied migration: equal lists mean nothing ran again. */
    static List<String> appliedMigrations(Database database) {
        return Jdbc.withConnection(database.dataSource(), "test", connection -> {
            List<String> migrations = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SELECT version, installed_on FROM flyway_schema_history ORDER BY installed_rank")) {
                while (rows.next()) {
                    migrations.add(rows.getString(1) + " at " + rows.getString(2));
                }
            }
            return migrations;
        });
    }

    static long count(Database database, String query) {
        return Jdbc.withConnection(database.dataSource(), "test", connection -> {
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(query)) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    static void execute(Database database, String sql) {
        Jdbc.withConnection(database.dataSource(), "test", connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.execute(sql);
            }
        });
    }

    static String pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA " + name)) {
            row.next();
            return row.getString(1);
        }
    }
}
