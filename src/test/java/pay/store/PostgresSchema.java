package pay.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import pay.crypto.RandomTokens;

/**
 * A fresh schema on the local PostgreSQL test server, dropped on close. Tests that need one are
 * skipped, with the reason, where no server answers.
 */
public final class PostgresSchema implements AutoCloseable {

    public static final String SERVER_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final List<String> USERS = List.of("postgres", "root");

    private final String user;
    private final String schema;

    private PostgresSchema(String user, String schema) {
        this.user = user;
        this.schema = schema;
    }

    /** Creates a schema named pay_test_<random>, or aborts the calling test when no server answers. */
    public static PostgresSchema createOrSkip() {
        SQLException lastFailure = null;
        for (String user : USERS) {
            String schema = "pay_test_" + RandomTokens.generate(RandomTokens.LOWERCASE_ALPHANUMERIC, 10);
            try (Connection connection = connect(SERVER_URL, user); Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + schema);
                return new PostgresSchema(user, schema);
            } catch (SQLException failure) {
                lastFailure = failure;
            }
        }
        Assumptions.abort("Skipped: no PostgreSQL answered at " + SERVER_URL + " as user " + USERS
                + " (" + lastFailure.getMessage() + ")");
        throw new AssertionError("unreachable");
    }

    /** Settings whose connections work inside this schema only. */
    public DatabaseSettings settings() {
        return new DatabaseSettings(SERVER_URL + "?currentSchema=" + schema, user, null,
                DatabaseSettings.SERVER_POOL_SIZE);
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = connect(SERVER_URL, user); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static Connection connect(String url, String user) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("connectTimeout", "2");
        return DriverManager.getConnection(url, properties);
    }
}
