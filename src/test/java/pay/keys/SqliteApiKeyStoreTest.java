package pay.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pay.store.DatabaseSettings;

class SqliteApiKeyStoreTest extends ApiKeyStoreContract {

    @TempDir
    Path dataDir;

    @Override
    DatabaseSettings freshSettings() {
        return DatabaseSettings.sqliteIn(dataDir);
    }

    @Test
    void theDatabaseFilesHoldNeitherTheKeyNorTheRecoveryPasswordButOnlyTheirHashes() throws IOException {
        IssuedKey issued = store.create("seller@example.com", PASSWORD);
        IssuedKey recovered = store.recover("seller@example.com", PASSWORD).orElseThrow();
        database.close();

        // pay.db and, in WAL mode, pay.db-wal: wherever SQLite may have put the rows.
        byte[] files = allBytesOf(dataDir);
        assertThat(contains(files, "seller@example.com")).as("the scan finds what is stored").isTrue();
        for (String secret : List.of(issued.secretKey(), recovered.secretKey(), PASSWORD,
                issued.secretKey().substring(12))) {
            assertThat(contains(files, secret)).as("stored in plain").isFalse();
        }
    }

    private static byte[] allBytesOf(Path folder) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.write(Files.readAllBytes(file));
            }
        }
        return all.toByteArray();
    }

    private static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }
}
