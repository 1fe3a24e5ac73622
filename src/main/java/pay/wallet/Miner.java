package pay.wallet;

import pay.blc.BlcClient;
import pay.blc.BlcRefusedException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Mines BlooCoins for an address: finds strings whose sha512 (lowercase hex) starts with as many zeros as the
 * server's current difficulty, on several worker threads at once, and submits each with {@code check}.
 *
 * <p>Each worker hashes its own random prefix followed by a counter, as the 2013 clients did. The difficulty is
 * read before the first coin and again after every coin, since it rises as coins are mined.
 */
public final class Miner {
    /** Hashes a worker does between looks at whether another worker already won. */
    private static final int HASHES_PER_LOOK = 4096;
    private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);
    private static final String ALPHANUMERICS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int PREFIX_LENGTH = 8;
    private static final SecureRandom PREFIXES = new SecureRandom();

    private final BlcClient client;
    private final int workers;

    public Miner(BlcClient client, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("a miner needs at least one worker, not " + workers);
        }
        this.client = client;
        this.workers = workers;
    }

    /** A miner with one worker per available processor. */
    public static Miner onAllCores(BlcClient client) {
        return new Miner(client, Runtime.getRuntime().availableProcessors());
    }

    /** Mines {@code coins} coins for {@code addr} on all cores; see {@link #mine(String, int, Consumer)}. */
    public static List<MinedCoin> mine(BlcClient client, String addr, int coins, Consumer<MiningProgress> progress)
            throws InterruptedException {
        return onAllCores(client).mine(addr, coins, progress);
    }

    /**
     * Mines until the server has accepted {@code coins} coins for {@code addr}, and returns them in order.
     *
     * @param progress called on the calling thread about four times a second and after every accepted coin
     * @throws pay.blc.BlcUnavailableException the server could not be used; coins accepted so far stay accepted
     * @throws BlcRefusedException             the server refused a coin for a reason other than a rise in
     *                                         difficulty, e.g. {@code Your address does not exist}
     * @throws InterruptedException            the calling thread was interrupted; the workers are stopped
     */
    public List<MinedCoin> mine(String addr, int coins, Consumer<MiningProgress> progress) throws InterruptedException {
        if (coins < 0) {
            throw new IllegalArgumentException("cannot mine " + coins + " coins");
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, Miner::workerThread);
        LongAdder hashes = new LongAdder();
        long started = System.nanoTime();
        List<MinedCoin> mined = new ArrayList<>(coins);
        try {
            int difficulty = client.difficulty();
            while (mined.size() < coins) {
                int searched = difficulty;
                MinedCoin coin = search(pool, difficulty, hashes,
                        () -> progress.accept(status(mined.size(), coins, searched, hashes, started)));
                BlcRefusedException refusal = null;
                try {
                    client.check(coin.winningString(), coin.hash(), addr);
                    mined.add(coin);
                } catch (BlcRefusedException e) {
                    refusal = e;
                }
                difficulty = client.difficulty();
                // A coin found just as the difficulty rose is refused and simply mined again; any other refusal
                // would repeat forever.
                if (refusal != null && difficulty <= coin.difficulty()) {
                    throw refusal;
                }
                progress.accept(status(mined.size(), coins, difficulty, hashes, started));
            }
            return List.copyOf(mined);
        } finally {
            pool.shutdownNow();
        }
    }

    private static MiningProgress status(int mined, int wanted, int difficulty, LongAdder hashes, long startedNanos) {
        return new MiningProgress(mined, wanted, difficulty, hashes.sum(), Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    /** Runs every worker on one difficulty until one finds a winning string; reports progress meanwhile. */
    private MinedCoin search(ExecutorService pool, int difficulty, LongAdder hashes, Runnable reportProgress)
            throws InterruptedException {
        CompletableFuture<MinedCoin> winner = new CompletableFuture<>();
        for (int i = 0; i < workers; i++) {
            pool.execute(() -> searchUntilWon(difficulty, winner, hashes));
        }
        try {
            while (true) {
                try {
                    return winner.get(PROGRESS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillSearching) {
                    reportProgress.run();
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a mining worker failed", e.getCause());
        } finally {
            // Once the round is decided (or abandoned), every worker stops at its next look.
            winner.cancel(false);
        }
    }

    private static void searchUntilWon(int difficulty, CompletableFuture<MinedCoin> winner, LongAdder hashes) {
        try {
            MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
            String prefix = randomPrefix();
            long counter = 0;
            while (!winner.isDone()) {
                for (int i = 0; i < HASHES_PER_LOOK; i++) {
                    String candidate = prefix + counter++;
                    byte[] digest = sha512.digest(candidate.getBytes(StandardCharsets.US_ASCII));
                    if (startsWithZeroDigits(digest, difficulty)) {
                        hashes.add(i + 1L);
                        winner.complete(new MinedCoin(candidate, HexFormat.of().formatHex(digest), difficulty));
                        return;
                    }
                }
                hashes.add(HASHES_PER_LOOK);
            }
        } catch (NoSuchAlgorithmException e) {
            winner.completeExceptionally(new IllegalStateException("every Java runtime has SHA-512", e));
        } catch (RuntimeException | Error e) {
            winner.completeExceptionally(e);
        }
    }

    /** Whether the digest, written in hex, starts with {@code digits} zeros; no hex string is built for it. */
    static boolean startsWithZeroDigits(byte[] digest, int digits) {
        for (int i = 0; i < digits / 2; i++) {
            if (digest[i] != 0) {
                return false;
            }
        }
        return digits % 2 == 0 || (digest[digits / 2] & 0xF0) == 0;
    }

    private static String randomPrefix() {
        StringBuilder prefix = new StringBuilder(PREFIX_LENGTH);
        for (int i = 0; i < PREFIX_LENGTH; i++) {
            prefix.append(ALPHANUMERICS.charAt(PREFIXES.nextInt(ALPHANUMERICS.length())));
        }
        return prefix.toString();
    }

    private static Thread workerThread(Runnable work) {
        Thread thread = new Thread(work, "blc-miner");
        // A miner left running must never keep the JVM alive.
        thread.setDaemon(true);
        return thread;
    }
}
