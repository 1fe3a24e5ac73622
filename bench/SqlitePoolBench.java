import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import pay.store.Database;
import pay.store.DatabaseSettings;
import pay.store.Jdbc;

/**
 * Pay-like load on one SQLite file for several pool sizes, with Database's real settings:
 * writer threads run read-then-write transactions (create an invoice, move one to a new state),
 * reader threads look invoices up by id (status pages, the poller). Latency includes the wait
 * for a pooled connection. Usage: java -cp target/pay.jar bench/SqlitePoolBench.java [seconds] [writers] [readers]
 */
public class SqlitePoolBench {

    // Held strongly: JUL keeps loggers weakly, and a collected one would forget its level.
    private static final java.util.logging.Logger FLYWAY = java.util.logging.Logger.getLogger("org.flywaydb");

    public static void main(String[] args) throws Exception {
        FLYWAY.setLevel(java.util.logging.Level.WARNING);
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int writers = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int readers = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        System.out.printf("%d s per pool size, %d writer threads, %d reader threads, %d cores%n",
                seconds, writers, readers, Runtime.getRuntime().availableProcessors());
        System.out.printf("%-5s %-7s %9s %8s %8s %8s %9s %8s %8s %8s%n", "pool", "", "writes/s", "p50 ms", "p99 ms",
                "max ms", "reads/s", "p50 ms", "p99 ms", "max ms");
        for (int poolSize : new int[] {1, 2, 4, 8}) {
            run(poolSize, seconds, writers, readers);
        }
    }

    private static void run(int poolSize, int seconds, int writers, int readers) throws Exception {
        Path folder = Files.createTempDirectory("pay-pool-bench");
        String url = "jdbc:sqlite:" + folder.resolve("bench.db");
        try (Database database = Database.open(new DatabaseSettings(url, null, null, poolSize))) {
            Jdbc.withConnection(database.dataSource(), "schema", c -> c.createStatement().execute(
                    "CREATE TABLE invoices (id BIGINT PRIMARY KEY, state VARCHAR(16) NOT NULL, amount BIGINT NOT NULL)"));
            AtomicLong nextId = new AtomicLong();
            for (int i = 0; i < 1000; i++) {
                create(database, nextId.incrementAndGet());
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            ExecutorService threads = Executors.newFixedThreadPool(writers + readers);
            List<Future<long[]>> writes = new ArrayList<>();
            List<Future<long[]>> reads = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                writes.add(threads.submit(() -> timed(end, () -> {
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        create(database, nextId.incrementAndGet());
                    } else {
                        advance(database, 1 + ThreadLocalRandom.current().nextLong(nextId.get()));
                    }
                })));
            }
            for (int i = 0; i < readers; i++) {
                reads.add(threads.submit(() -> timed(end, () -> read(database,
                        1 + ThreadLocalRandom.current().nextLong(nextId.get())))));
            }
            long[] writeLatencies = merged(writes);
            long[] readLatencies = merged(reads);
            threads.shutdown();
            System.out.printf("%-5d %-7s %s %s%n", poolSize, "", summary(writeLatencies, seconds), summary(readLatencies, seconds));
        }
    }

    private static void create(Database database, long id) {
        Jdbc.inTransaction(database.dataSource(), "create", c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO invoices (id, state, amount) VALUES (?, 'new', ?)")) {
                insert.setLong(1, id);
                insert.setLong(2, id * 10);
                return insert.executeUpdate();
            }
        });
    }

    private static void advance(Database database, long id) {
        Jdbc.inTransaction(database.dataSource(), "advance", c -> {
            String state;
            try (PreparedStatement select = c.prepareStatement("SELECT state FROM invoices WHERE id = ?")) {
                select.setLong(1, id);
                try (ResultSet row = select.executeQuery()) {
                    state = row.next() ? row.getString(1) : null;
                }
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE invoices SET state = ? WHERE id = ?")) {
                update.setString(1, "new".equals(state) ? "paid" : "settled");
                update.setLong(2, id);
                return update.executeUpdate();
            }
        });
    }

    private static void read(Database database, long id) {
        Jdbc.withConnection(database.dataSource(), "read", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT state, amount FROM invoices WHERE id = ?")) {
                select.setLong(1, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    private static long[] timed(long end, Runnable operation) {
        long[] latencies = new long[1 << 16];
        int count = 0;
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            operation.run();
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = System.nanoTime() - start;
        }
        return Arrays.copyOf(latencies, count);
    }

    private static long[] merged(List<Future<long[]>> futures) throws Exception {
        long[] all = new long[0];
        for (Future<long[]> future : futures) {
            long[] some = future.get();
            int before = all.length;
            all = Arrays.copyOf(all, before + some.length);
            System.arraycopy(some, 0, all, before, some.length);
        }
        Arrays.sort(all);
        return all;
    }

    private static String summary(long[] sorted, int seconds) {
        if (sorted.length == 0) {
            return String.format("%9s %8s %8s %8s", "0", "-", "-", "-");
        }
        return String.format("%9d %8.2f %8.2f %8.1f", sorted.length / seconds, millis(sorted, 0.50), millis(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6);
    }

    private static double millis(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }
}
