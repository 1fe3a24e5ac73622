package pay.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * What watching the open invoices costs Pay over a quiet window (nobody orders, nobody pays): the CPU its
 * process used (Pay with its embedded BLC server) and how often each open address was polled (step 4a).
 * Polls are read from Pay's database: every poll rewrites its invoice (next check, version + 1), and in a
 * quiet window nothing else writes to awaiting invoices.
 */
final class WatchCost {
    private final long pid;
    private final Path database;
    private final long startNanos;
    private final Optional<Duration> cpuAtStart;
    private final long updatesAtStart;

    private WatchCost(long pid, Path database) throws SQLException {
        this.pid = pid;
        this.database = database;
        this.cpuAtStart = cpuTime(pid);
        this.updatesAtStart = awaitingInvoices(database)[1];
        this.startNanos = System.nanoTime();
    }

    static WatchCost start(long pid, Path database) throws SQLException {
        return new WatchCost(pid, database);
    }

    /** "Pay used 46% of one core; 357 polls/s: each open address every 2.8 s on average", since the start. */
    String finish() throws SQLException {
        Optional<Duration> cpuAtEnd = cpuTime(pid);
        long[] awaiting = awaitingInvoices(database);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long polls = awaiting[1] - updatesAtStart;
        String cpu = cpuAtStart.isPresent() && cpuAtEnd.isPresent()
                ? String.format("%.0f%% of one core", 100.0 * cpuAtEnd.get().minus(cpuAtStart.get()).toNanos() / 1e9 / seconds)
                : "CPU not readable";
        return String.format("Pay (with its BLC server) used %s; %.0f polls/s: each open address every %.2f s on "
                + "average (over %.0f s)", cpu, polls / seconds, polls == 0 ? Double.NaN : awaiting[0] * seconds / polls, seconds);
    }

    /** User + system CPU the process used so far, if the OS tells. */
    private static Optional<Duration> cpuTime(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration());
    }

    /** How many invoices await payment, and the sum of their versions (updates so far). */
    private static long[] awaitingInvoices(Path database) throws SQLException {
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database, readOnly.toProperties());
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(
                     "SELECT COUNT(*), COALESCE(SUM(version), 0) FROM invoices WHERE state = 'awaiting_payment'")) {
            row.next();
            return new long[] {row.getLong(1), row.getLong(2)};
        }
    }
}
