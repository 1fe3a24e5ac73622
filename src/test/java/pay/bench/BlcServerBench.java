package pay.bench;

import pay.blc.BlcJson;
import pay.blc.server.BlcServer;
import pay.blc.server.BlcServerSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Load generator for the BLC server: N concurrent clients, each request on its own connection as the
 * Python clients did (connect, send, read until close). Starts the server in this JVM on loopback with a
 * ledger in a temporary directory, so both share this machine's cores. Prints requests/second and
 * p50/p99 latency per command. Bounded: a fixed number of requests per phase and a time limit.
 *
 * <p>Arguments (all optional): connections, requests per phase, seconds per phase at most.
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
            int port = server.port();
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                String addr = String.format("bench-%034d", i);
                addresses.add(addr);
                call(port, request("cmd", "register", "addr", addr, "pwd", "pw"));
                for (int coin = 0; coin < STARTING_COINS; coin++) {
                    String winning = winningString(addr + "-" + coin + "-");
                    call(port, request("cmd", "check", "winning_string", winning,
                            "winning_hash", sha512Hex(winning), "addr", addr));
                }
            }
            // Each client owns one address and pays the next one, so every balance stays near its start.
            IntFunction<String> checkAddr = client -> request("cmd", "check_addr", "addr", addresses.get(client));
            IntFunction<String> sendCoin = client -> request("cmd", "send_coin", "amount", 1,
                    "to", addresses.get((client + 1) % connections), "addr", addresses.get(client), "pwd", "pw");

            System.out.printf("BLC server bench: %d concurrent connections, loopback, %d cores, ledger on %s%n",
                    connections, Runtime.getRuntime().availableProcessors(), dir);
            run(port, "warm-up", connections, Math.min(requests, 5_000), maxSeconds, checkAddr, false);
            run(port, "check_addr", connections, requests, maxSeconds, checkAddr, true);
            run(port, "warm-up", connections, Math.min(requests / 4, 1_000), maxSeconds, sendCoin, false);
            run(port, "send_coin", connections, requests / 4, maxSeconds, sendCoin, true);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void run(int port, String name, int connections, int requests, long maxSeconds,
                            IntFunction<String> requestOfClient, boolean print) throws Exception {
        AtomicInteger tickets = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        ExecutorService clients = Executors.newFixedThreadPool(connections);
        List<Future<long[]>> latencies = new ArrayList<>();
        long start = System.nanoTime();
        for (int client = 0; client < connections; client++) {
            String request = requestOfClient.apply(client);
            latencies.add(clients.submit(() -> {
                long[] mine = new long[requests];
                int count = 0;
                while (tickets.getAndIncrement() < requests && System.nanoTime() < deadline) {
                    long sent = System.nanoTime();
                    String reply = call(port, request);
                    mine[count++] = System.nanoTime() - sent;
                    if (!reply.endsWith("\"success\": true}")) {
                        failures.incrementAndGet();
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
        long elapsed = System.nanoTime() - start;
        clients.shutdown();
        if (!print) {
            return;
        }
        Arrays.sort(all);
        System.out.printf("%-10s %6d requests in %5.2f s: %7.0f req/s, p50 %6.2f ms, p99 %6.2f ms, max %6.2f ms"
                        + " (%d not successful)%n",
                name, all.length, elapsed / 1e9, all.length / (elapsed / 1e9), percentile(all, 50) / 1e6,
                percentile(all, 99) / 1e6, all[all.length - 1] / 1e6, failures.get());
    }

    private static long percentile(long[] sorted, int percent) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
    }

    /** One request on its own connection; the reply is everything read until the server closes. */
    private static String call(int port, String request) {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String request(Object... keysAndValues) {
        var request = BlcJson.object();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            if (value instanceof Integer number) {
                request.put((String) keysAndValues[i], number);
            } else {
                request.put((String) keysAndValues[i], (String) value);
            }
        }
        return BlcJson.toPythonJson(request);
    }

    private static String winningString(String prefix) {
        for (long counter = 0; ; counter++) {
            if (sha512Hex(prefix + counter).startsWith("0".repeat(DIFFICULTY))) {
                return prefix + counter;
            }
        }
    }

    private static String sha512Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
