package pay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseTest extends DatabaseContract {

    @TempDir
    Path folder;

    private int opened;

    @Override
    DatabaseSettings freshSettings() {
        return DatabaseSettings.sqliteIn(folder.resolve("fresh" + ++opened));
    }

    @Override
    String expectedVendor() {
        return "sqlite";
    }

    @Test
    void theDefaultDatabaseIsTheFilePayDbInTheDataFolderWhichIsCreatedWithItsParents() {
        Path dataDir = folder.resolve("not/yet/there");
        try (Database database = Database.open(DatabaseSettings.sqliteIn(dataDir))) {
            assertThat(dataDir.resolve("pay.db")).isRegularFile();
            assertThat(database.describe()).isEqualTo("jdbc:sqlite:" + dataDir.toAbsolutePath().resolve("pay.db"));
        }
    }

    @Test
    void everyConnectionUsesWalFullSyncForeignKeysAndABusyTimeout() {
        try (Database database = Database.open(freshSettings())) {
            List<String> settings = Jdbc.withConnection(database.dataSource(), "test", connection -> List.of(
                    pragma(connection, "journal_mode"), pragma(connection, "synchronous"),
                    pragma(connection, "foreign_keys"), pragma(connection, "busy_timeout")));
            assertThat(settings).containsExactly("wal", "2", "1", Integer.toString(Database.SQLITE_BUSY_TIMEOUT_MILLIS));
        }
    }

    /**
     * Two pools on one file, as when the keys CLI runs beside the server, each with several threads
     * doing read-then-write transactions: the pattern that fails at once with SQLITE_BUSY when a
     * transaction begins deferred. Every increment must succeed and none may be lost.
     */
    @Test
    void concurrentReadThenWriteTransactionsFromTwoPoolsAllSucceedWithoutLostUpdates() throws Exception {
        DatabaseSettings settings = freshSettings();
        int threadsPerPool = 4;
        int incrementsPerThread = 50;
        try (Database server = Database.open(settings); Database cli = Database.open(settings)) {
            execute(server, "CREATE TABLE counter (id INTEGER PRIMARY KEY, total BIGINT NOT NULL)");
            execute(server, "INSERT INTO counter (id, total) VALUES (1, 0)");
            ExecutorService threads = Executors.newFixedThreadPool(2 * threadsPerPool);
            try {
                List<Callable<Void>> work = new ArrayList<>();
                for (Database database : List.of(server, cli)) {
                    for (int thread = 0; thread < threadsPerPool; thread++) {
                        work.add(() -> incrementRepeatedly(database, incrementsPerThread));
                    }
                }
                for (Future<Void> done : threads.invokeAll(work, 2, TimeUnit.MINUTES)) {
                    done.get();
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(count(server, "SELECT total FROM counter WHERE id = 1"))
                    .isEqualTo(2L * threadsPerPool * incrementsPerThread);
        }
    }

    private static Void incrementRepeatedly(Database database, int times) {
        for (int i = 0; i < times; i++) {
            Jdbc.inTransaction(database.dataSource(), "increment", connection -> {
                long total;
                try (PreparedStatement select = connection.prepareStatement("SELECT total FROM counter WHERE id = 1");
                     ResultSet row = select.executeQuery()) {
                    row.next();
                    total = row.getLong(1);
                }
                try (PreparedStatement update = connection.prepareStatement("UPDATE counter SET total = ? WHERE id = 1")) {
                    update.setLong(1, total + 1);
                    return update.executeUpdate();
                }
            });
        }
        return null;
    }

    @Test
    void anInMemoryOrUnsupportedUrlIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Database.open(DatabaseSettings.forUrl("jdbc:sqlite::memory:", null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("In-memory");
        assertThatThrownBy(() -> Database.open(DatabaseSettings.forUrl("jdbc:mysql://h/db?password=hunter22", null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unsupported")
                .hasMessageNotContaining("hunter22");
    }

    @Test
    void anUnreachableServerFailsTheOpeningWithItsUrlButNotItsPassword() {
        assertThatThrownBy(() -> Database.open(
                DatabaseSettings.forUrl("jdbc:postgresql://127.0.0.1:1/pay?password=hunter22", "pay", null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Could not connect to jdbc:postgresql://127.0.0.1:1/pay?password=***");
    }

    @Test
    void passwordsNeverShowInDescriptionsOfUrlsOrSettings() {
        assertThat(DatabaseVendor.withoutCredentials("jdbc:postgresql://db:5432/pay?user=pay&password=hunter22&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/pay?user=pay&password=***&ssl=true");
        assertThat(DatabaseVendor.withoutCredentials("jdbc:postgresql://pay:hunter22@db/pay"))
                .isEqualTo("jdbc:postgresql://pay:***@db/pay");
        assertThat(DatabaseSettings.forUrl("jdbc:postgresql://db/pay", "pay", "hunter22").toString())
                .doesNotContain("hunter22").contains("user=pay");
    }

    @Test
    void aSqliteUrlInUriFormWithOptionsGetsItsFolderCreatedToo() {
        Path file = folder.resolve("elsewhere/custom.db");
        try (Database database = Database.open(DatabaseSettings.forUrl("jdbc:sqlite:file:" + file + "?cache=private", null, null))) {
            assertThat(database.isReachable()).isTrue();
        }
        assertThat(Files.exists(file)).isTrue();
    }
}
