package pay.store;

import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresDatabaseTest extends DatabaseContract {

    @RegisterExtension
    final PostgresSchema schema = new PostgresSchema();

    @Override
    DatabaseSettings freshSettings() {
        return schema.settings();
    }

    @Override
    String expectedVendor() {
        return "postgresql";
    }
}
