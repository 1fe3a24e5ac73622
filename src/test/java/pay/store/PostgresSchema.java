package pay.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import pay.crypto.RandomTokens;

/**
 * A fresh schema on the local PostgreSQL test server for each test, dropped after it. Register it
 * with {@code @RegisterExtension}; where no server answers, the tests are skipped with the reason.
 */
public final class PostgresSchema implements BeforeEachCallback, AfterEachCallback {

    public static final String SERVER_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final List<String> USERS = List.of("postgres", "root");

    private String user;
    private String schema;

    /** Settings whose connections work inside this test's schema only. */
    public DatabaseSettings settings() {
        return new DatabaseSettings(SERVER_URL + "?currentSchema=" + schema, user, null,
                DatabaseSettings.SERVER_POOL_SIZE);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        create();
    }

    /** Creates the schema, or skips the running test where no PostgreSQL answers. */
    public void create() {
        SQLException lastFailure = null;
        for (String candidate : USERS) {
            String name = "pay_test_" + RandomTokens.generate(RandomTokens.LOWERCASE_ALPHANUMERIC, 10);
            try (Connection connection = connect(candidate); Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + name);
                user = candidate;
                schema = name;
                return;
            } catch (SQLException failure) {
                lastFailure = failure;
            }
        }
        Assumptions.abort("Skipped: no PostgreSQL answered at " + SERVER_URL + " as user " + USERS
                + " (" + lastFailure.getMessage() + ")");
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        drop();
    }

    public void drop() throws SQLException {
        if (schema == null) {
            return;
        }
        try (Connection connection = connect(user); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        }
        schema = null;
    }

    private static Connection connect(String user) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("connectTimeout", "2");
        return DriverManager.getConnection(SERVER_URL, properties);
    }
}
