package pay.blc;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import pay.blc.server.BlcServer;
import pay.blc.server.BlcServerSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The real BLC server for one test: a fresh ledger in a temporary directory, an ephemeral loopback port, and a
 * client for it. Register with {@code @RegisterExtension final RealBlcServer blc = new RealBlcServer(1);}.
 */
public final class RealBlcServer implements BeforeEachCallback, AfterEachCallback {
    private final int baseDifficulty;
    private Path ledgerDir;
    private BlcServer server;
    private BlcClient client;

    /** @param baseDifficulty 1 or 2 keeps mining to milliseconds */
    public RealBlcServer(int baseDifficulty) {
        this.baseDifficulty = baseDifficulty;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        ledgerDir = Files.createTempDirectory("blc-ledger");
        server = BlcServer.start(BlcServerSettings.embedded(ledgerDir.resolve("ledger.db"), baseDifficulty));
        client = new BlcClient("127.0.0.1", server.port(), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(ledgerDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    public int port() {
        return server.port();
    }

    public BlcClient client() {
        return client;
    }

    /** Stops the server before the test ends, e.g. to see what clients do without one. Closing twice is fine. */
    public void stop() {
        server.close();
    }
}
