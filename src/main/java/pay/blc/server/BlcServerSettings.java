package pay.blc.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how a {@link BlcServer} listens and keeps its ledger.
 *
 * @param bindAddress    interface to listen on; the reference server bound 0.0.0.0, this one defaults to loopback
 * @param port           TCP port, 0 for an ephemeral one (read it back with {@link BlcServer#port()})
 * @param ledgerFile     SQLite file of the ledger; its parent directory is created if missing
 * @param baseDifficulty the "+ 7" of {@code difficulty = total_coins // 205000 + base}
 * @param idleTimeout    how long a connection may stay silent before it is closed without a reply
 */
public record BlcServerSettings(String bindAddress, int port, Path ledgerFile,
                                int baseDifficulty, Duration idleTimeout) {

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 3122;
    public static final int REFERENCE_BASE_DIFFICULTY = 7;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    public BlcServerSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(ledgerFile, "ledgerFile");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (baseDifficulty < 0 || baseDifficulty > 128) {
            throw new IllegalArgumentException(
                    "baseDifficulty must be 0..128 (a sha512 hex digest has 128 digits), was " + baseDifficulty);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive, was " + idleTimeout);
        }
    }

    /** Loopback, ephemeral port, default idle timeout: what tests and embedded use want. */
    public static BlcServerSettings embedded(Path ledgerFile, int baseDifficulty) {
        return new BlcServerSettings(DEFAULT_BIND_ADDRESS, 0, ledgerFile, baseDifficulty, DEFAULT_IDLE_TIMEOUT);
    }

    public BlcServerSettings withBindAddress(String newBindAddress) {
        return new BlcServerSettings(newBindAddress, port, ledgerFile, baseDifficulty, idleTimeout);
    }

    public BlcServerSettings withPort(int newPort) {
        return new BlcServerSettings(bindAddress, newPort, ledgerFile, baseDifficulty, idleTimeout);
    }

    public BlcServerSettings withLedgerFile(Path newLedgerFile) {
        return new BlcServerSettings(bindAddress, port, newLedgerFile, baseDifficulty, idleTimeout);
    }

    public BlcServerSettings withBaseDifficulty(int newBaseDifficulty) {
        return new BlcServerSettings(bindAddress, port, ledgerFile, newBaseDifficulty, idleTimeout);
    }

    public BlcServerSettings withIdleTimeout(Duration newIdleTimeout) {
        return new BlcServerSettings(bindAddress, port, ledgerFile, baseDifficulty, newIdleTimeout);
    }
}
