package pay.keys;

import org.junit.jupiter.api.extension.RegisterExtension;
import pay.store.DatabaseSettings;
import pay.store.PostgresSchema;

class PostgresApiKeyStoreTest extends ApiKeyStoreContract {

    // Its schema exists before the inherited @BeforeEach opens the database in it.
    @RegisterExtension
    final PostgresSchema schema = new PostgresSchema();

    @Override
    DatabaseSettings freshSettings() {
        return schema.settings();
    }
}
