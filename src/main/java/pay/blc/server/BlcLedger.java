package pay.blc.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The BLC ledger in one SQLite file: addresses with their balance, mined coins, and transfers.
 *
 * <p>Single writer: every change goes through one dedicated connection, one change at a time (a lock),
 * each in its own IMMEDIATE transaction committed by the method that makes it. SQLite allows one writer
 * per file anyway; serialising in the JVM instead of contending for the file lock means no SQLITE_BUSY
 * retries and no half-done change can interleave with another. Transfers are additionally guarded in SQL
 * (a debit only happens while the balance covers it, and a CHECK forbids negative balances), so atomicity
 * does not rest on the lock alone. Reads use a small pool of other connections: in WAL mode they see the
 * last committed state without blocking the writer or each other.
 *
 * <p>Durability: WAL with {@code synchronous=FULL}, so each commit is synced to the WAL before the call
 * returns (NORMAL may lose the last commits on power loss).
 *
 * <p>Invariant: the sum of all balances equals the number of coins; mining adds one coin and one unit of
 * balance in the same transaction, transfers move balance.
 */
final class BlcLedger implements AutoCloseable {

    private static final int SCHEMA_VERSION = 1;
    private static final int BUSY_TIMEOUT_MILLIS = 5_000;

    /** Guarded by itself: the single writer. */
    private final Connection writer;
    private final HikariDataSource readers;

    private BlcLedger(Connection writer, HikariDataSource readers) {
        this.writer = writer;
        this.readers = readers;
    }

    /** A transfer as the protocol reports it. */
    record Transfer(String from, String to, long amount) {
    }

    static BlcLedger open(Path file, int readerConnections) {
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the BLC ledger " + absolute, e);
        }
        String url = "jdbc:sqlite:" + absolute;
        Connection writer = null;
        try {
            writer = dataSource(url, SQLiteConfig.TransactionMode.IMMEDIATE).getConnection();
            writer.setAutoCommit(false);
            migrate(writer, absolute);
            HikariConfig readerPool = new HikariConfig();
            readerPool.setPoolName("blc-ledger-readers");
            readerPool.setDataSource(dataSource(url, SQLiteConfig.TransactionMode.DEFERRED));
            readerPool.setMaximumPoolSize(readerConnections);
            readerPool.setMinimumIdle(readerConnections);
            return new BlcLedger(writer, new HikariDataSource(readerPool));
        } catch (SQLException | RuntimeException e) {
            closeQuietly(writer, e);
            throw e instanceof SQLException sql ? new LedgerException("cannot open the BLC ledger " + absolute, sql)
                    : (RuntimeException) e;
        }
    }

    private static SQLiteDataSource dataSource(String url, SQLiteConfig.TransactionMode transactionMode) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.setTransactionMode(transactionMode);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(url);
        return dataSource;
    }

    /** Creates the schema in a new file; refuses a file written by a newer schema. */
    private static void migrate(Connection writer, Path file) throws SQLException {
        try (Statement statement = writer.createStatement()) {
            int version;
            try (ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version == SCHEMA_VERSION) {
                writer.rollback();
                return;
            }
            if (version != 0) {
                writer.rollback();
                throw new LedgerException("the BLC ledger " + file + " has schema version " + version
                        + "; this server knows version " + SCHEMA_VERSION, null);
            }
            // Credentials are sha256 of what the reference would have stored (itself sha256(pwd) unless
            // x-pre-hashed), so a copy of this file holds nothing a client could send.
            statement.executeUpdate("""
                    CREATE TABLE addresses (
                        addr              TEXT    PRIMARY KEY,
                        credential_sha256 TEXT    NOT NULL,
                        balance           INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0)
                    )""");
            statement.executeUpdate("""
                    CREATE TABLE coins (
                        hash     TEXT PRIMARY KEY,
                        mined_by TEXT NOT NULL REFERENCES addresses (addr)
                    )""");
            statement.executeUpdate("""
                    CREATE TABLE transfers (
                        id        INTEGER PRIMARY KEY AUTOINCREMENT,
                        sender    TEXT    NOT NULL REFERENCES addresses (addr),
                        recipient TEXT    NOT NULL REFERENCES addresses (addr),
                        amount    INTEGER NOT NULL CHECK (amount > 0)
                    )""");
            statement.executeUpdate("CREATE INDEX transfers_by_sender ON transfers (sender, id)");
            statement.executeUpdate("CREATE INDEX transfers_by_recipient ON transfers (recipient, id)");
            statement.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            writer.rollback();
            throw e;
        }
    }

    // ---- reads ------------------------------------------------------------------------------------------

    Optional<String> credentialOf(String addr) {
        return query("SELECT credential_sha256 FROM addresses WHERE addr = ?", addr,
                rs -> rs.next() ? Optional.of(rs.getString(1)) : Optional.empty());
    }

    boolean isRegistered(String addr) {
        return query("SELECT 1 FROM addresses WHERE addr = ?", addr, ResultSet::next);
    }

    /** Coins held by the address; 0 for an address nobody registered. */
    long balanceOf(String addr) {
        return query("SELECT balance FROM addresses WHERE addr = ?", addr, rs -> rs.next() ? rs.getLong(1) : 0L);
    }

    /** Every coin ever mined. */
    long totalCoins() {
        return query("SELECT count(*) FROM coins", null, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    /** Transfers into the address, then out of it, each oldest first, read in one snapshot. */
    List<Transfer> transfersOf(String addr) {
        String sql = """
                SELECT sender, recipient, amount FROM (
                    SELECT 0 AS part, id, sender, recipient, amount FROM transfers WHERE recipient = ?1
                    UNION ALL
                    SELECT 1 AS part, id, sender, recipient, amount FROM transfers WHERE sender = ?1)
                ORDER BY part, id""";
        return query(sql, addr, rs -> {
            List<Transfer> transfers = new ArrayList<>();
            while (rs.next()) {
                transfers.add(new Transfer(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
            return transfers;
        });
    }

    private interface RowsReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String sql, String parameter, RowsReader<T> rowsReader) {
        try (Connection connection = readers.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rowsReader.read(rs);
            }
        } catch (SQLException e) {
            throw new LedgerException("BLC ledger read failed", e);
        }
    }

    // ---- changes: one method, one committed transaction ------------------------------------------------

    /** Registers the address; false if it already exists. */
    boolean register(String addr, String credentialSha256) {
        return inWriteTransaction(() -> {
            try (PreparedStatement insert = writer.prepareStatement(
                    "INSERT INTO addresses (addr, credential_sha256) VALUES (?, ?) ON CONFLICT (addr) DO NOTHING")) {
                insert.setString(1, addr);
                insert.setString(2, credentialSha256);
                return insert.executeUpdate() == 1;
            }
        });
    }

    /** Records a newly mined coin for a registered address; false if a coin with this hash exists. */
    boolean mint(String hash, String addr) {
        return inWriteTransaction(() -> {
            try (PreparedStatement insert = writer.prepareStatement(
                    "INSERT INTO coins (hash, mined_by) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING")) {
                insert.setString(1, hash);
                insert.setString(2, addr);
                if (insert.executeUpdate() == 0) {
                    return false;
                }
            }
            changeBalance(addr, 1);
            return true;
        });
    }

    /**
     * Moves {@code amount} (at least 1) coins between registered addresses and records the transfer;
     * false, with nothing changed, if the sender does not hold that many.
     */
    boolean transfer(String from, String to, long amount) {
        if (amount < 1) {
            throw new IllegalArgumentException("a transfer moves at least one coin, not " + amount);
        }
        return inWriteTransaction(() -> {
            try (PreparedStatement debit = writer.prepareStatement(
                    "UPDATE addresses SET balance = balance - ?1 WHERE addr = ?2 AND balance >= ?1")) {
                debit.setLong(1, amount);
                debit.setString(2, from);
                if (debit.executeUpdate() == 0) {
                    return false;
                }
            }
            changeBalance(to, amount);
            try (PreparedStatement record = writer.prepareStatement(
                    "INSERT INTO transfers (sender, recipient, amount) VALUES (?, ?, ?)")) {
                record.setString(1, from);
                record.setString(2, to);
                record.setLong(3, amount);
                record.executeUpdate();
            }
            return true;
        });
    }

    private void changeBalance(String addr, long delta) throws SQLException {
        try (PreparedStatement credit = writer.prepareStatement(
                "UPDATE addresses SET balance = balance + ? WHERE addr = ?")) {
            credit.setLong(1, delta);
            credit.setString(2, addr);
            if (credit.executeUpdate() != 1) {
                throw new SQLException("no address " + addr + " to credit");
            }
        }
    }

    private interface WriteWork {
        boolean run() throws SQLException;
    }

    /** Runs a change on the single writer and commits it, or rolls all of it back. */
    private boolean inWriteTransaction(WriteWork work) {
        synchronized (writer) {
            try {
                boolean changed = work.run();
                if (changed) {
                    writer.commit();
                } else {
                    writer.rollback();
                }
                return changed;
            } catch (SQLException | RuntimeException e) {
                rollbackAfter(e);
                throw e instanceof SQLException sql ? new LedgerException("BLC ledger change failed", sql)
                        : (RuntimeException) e;
            }
        }
    }

    private void rollbackAfter(Exception failure) {
        try {
            writer.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    @Override
    public void close() {
        readers.close();
        synchronized (writer) {
            try {
                writer.close();
            } catch (SQLException e) {
                throw new LedgerException("closing the BLC ledger failed", e);
            }
        }
    }

    private static void closeQuietly(Connection connection, Exception failure) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** The ledger could not be read or changed; the request gets no reply and the connection closes. */
    static final class LedgerException extends RuntimeException {
        LedgerException(String message, SQLException cause) {
            super(message, cause);
        }
    }
}
