package pay.bench;

import pay.blc.server.BlcServer;
import pay.blc.server.BlcServerSettings;
import pay.blc.server.PythonStyleClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static pay.blc.server.BlcTestSupport.mineCoin;
import static pay.blc.server.BlcTestSupport.request;

/**
 * Load generator for the BLC server: N concurrent clients, each request on its own connection as the
 * Python clients did (connect, send, read until close). Starts the server in this JVM on loopback with a
 * ledger in a temporary directory, so both share this machine's cores. Prints requests/second and
 * p50/p99 latency per command. Bounded: a fixed number of requests per phase and a time limit per phase.
 *
 * <p>Arguments (all optional): connections (50), check_addr requests (20000; send_coin gets a quarter),
 * seconds per phase at most (60).
 */
public final class BlcServerBench {

    private static final int DIFFICULTY = 1;
    private static final int STARTING_COINS = 20;

    private BlcServerBench() {
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        long maxSeconds = args.length > 2 ? Long.parseLong(args[2]) : 60;
        Path dir = Files.createTempDirectory("blc-bench");
        try (BlcServer server = BlcServer.start(BlcServerSettings.embedded(dir.resolve("ledger.db"), DIFFICULTY))) {
            PythonStyleClient client = new PythonStyleClient(server.port());
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                String addr = String.format("bench-%034d", i);
                addresses.add(addr);
                client.send(request("cmd", "register", "addr", addr, "pwd", "pw"));
                for (int coin = 0; coin < STARTING_COINS; coin++) {
                    mineCoin(client, addr, addr + "-" + coin + "-", DIFFICULTY);
                }
            }
            // Each client owns one address and pays the next one, so every balance stays near its start.
            IntFunction<String> checkAddr = owner -> request("cmd", "check_addr", "addr", addresses.get(owner));
            IntFunction<String> sendCoin = owner -> request("cmd", "send_coin", "amount", 1,
                    "to", addresses.get((owner + 1) % connections), "addr", addresses.get(owner), "pwd", "pw");

            System.out.printf("BLC server bench: %d concurrent connections, loopback, %d cores, ledger in %s%n",
                    connections, Runtime.getRuntime().availableProcessors(), dir);
            Phase phase = new Phase(client, connections, maxSeconds);
            phase.run("warm-up", Math.min(requests, 5_000), checkAddr);
            phase.run("warm-up", Math.min(requests / 4, 1_000), sendCoin);
            System.out.println(phase.run("check_addr", requests, checkAddr));
            System.out.println(phase.run("send_coin", requests / 4, sendCoin));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Runs a number of requests from concurrent clients, each client repeating its own request. */
    private record Phase(PythonStyleClient client, int connections, long maxSeconds) {

        String run(String name, int requests, IntFunction<String> requestOfClient) throws Exception {
            AtomicInteger tickets = new AtomicInteger();
            AtomicInteger unsuccessful = new AtomicInteger();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
            ExecutorService clients = Executors.newFixedThreadPool(connections);
            List<Future<long[]>> latencies = new ArrayList<>();
            long start = System.nanoTime();
            for (int owner = 0; owner < connections; owner++) {
                String request = requestOfClient.apply(owner);
                latencies.add(clients.submit(() -> {
                    long[] mine = new long[requests];
                    int count = 0;
                    while (tickets.getAndIncrement() < requests && System.nanoTime() < deadline) {
                        long sent = System.nanoTime();
                        String reply = client.sendAndReadUntilClose(request);
                        mine[count++] = System.nanoTime() - sent;
                        if (!reply.endsWith("\"success\": true}")) {
                            unsuccessful.incrementAndGet();
                        }
                    }
                    return Arrays.copyOf(mine, count);
                }));
            }
            long[] all = new long[0];
            for (Future<long[]> latency : latencies) {
                long[] mine = latency.get();
                int before = all.length;
                all = Arrays.copyOf(all, before + mine.length);
                System.arraycopy(mine, 0, all, before, mine.length);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            clients.shutdown();
            Arrays.sort(all);
            return String.format("%-10s %6d requests in %5.2f s: %7.0f req/s, p50 %6.2f ms, p99 %6.2f ms, "
                            + "max %6.2f ms (%d not successful)", name, all.length, seconds, all.length / seconds,
                    percentile(all, 50) / 1e6, percentile(all, 99) / 1e6, all[all.length - 1] / 1e6,
                    unsuccessful.get());
        }

        private static long percentile(long[] sorted, int percent) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
        }
    }
}
