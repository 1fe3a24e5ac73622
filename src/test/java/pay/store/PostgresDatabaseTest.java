package pay.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class PostgresDatabaseTest extends DatabaseContract {

    private PostgresSchema schema;

    @BeforeEach
    void createSchema() {
        schema = PostgresSchema.createOrSkip();
    }

    @AfterEach
    void dropSchema() throws Exception {
        schema.close();
    }

    @Override
    DatabaseSettings freshSettings() {
        return schema.settings();
    }

    @Override
    String expectedVendor() {
        return "postgresql";
    }
}
