package pay.keys;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import pay.store.DatabaseSettings;
import pay.store.PostgresSchema;

class PostgresApiKeyStoreTest extends ApiKeyStoreContract {

    private PostgresSchema schema;

    // Replaces the inherited set-up: the schema must exist before the database opens in it.
    @BeforeEach
    @Override
    void openStore() {
        schema = PostgresSchema.createOrSkip();
        super.openStore();
    }

    @AfterEach
    void dropSchema() throws Exception {
        schema.close();
    }

    @Override
    DatabaseSettings freshSettings() {
        return schema.settings();
    }
}
