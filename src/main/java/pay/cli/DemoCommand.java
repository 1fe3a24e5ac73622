package pay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import pay.app.PayApp;
import pay.blc.BlcClient;
import pay.crypto.RandomTokens;
import pay.keys.ApiKeyStore;
import pay.store.Database;
import pay.wallet.Miner;
import pay.web.Forms;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pay demo}: plays a seller and a customer through steps 1–7 against a running Pay (or one it
 * starts itself), printing each step as it happens.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Plays a seller and a customer through a whole payment, steps 1 to 7, and prints each step.",
                "Uses the Pay running at --url (with its data folder and BLC server), or starts its own in a temporary folder."})
public final class DemoCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Mixin
    DataOptions data;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "Pay's address (default: ${DEFAULT-VALUE}).")
    URI payUrl;

    @Option(names = "--blc", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:3122",
            description = "The BLC server that Pay at --url uses (default: ${DEFAULT-VALUE}).")
    String blcEndpoint;

    @Option(names = "--price", paramLabel = "COINS", defaultValue = "5",
            description = "Price of the demo order (default: ${DEFAULT-VALUE}).")
    long price;

    private final PrintStream out = System.out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @Override
    public void run() {
        try {
            if (answers(payUrl)) {
                out.printf("Using the Pay running at %s (BLC server %s).%n", payUrl, blcEndpoint);
                try (Database database = Database.open(data.databaseSettings(System.getenv()))) {
                    play(payUrl, BlcClient.parse(blcEndpoint, Duration.ofSeconds(3), Duration.ofSeconds(10)),
                            new ApiKeyStore(database.dataSource(), Clock.systemUTC()));
                }
            } else {
                Path dataDir = Files.createTempDirectory("pay-demo");
                out.printf("No Pay answers at %s: starting one in %s.%n", payUrl, dataDir);
                try (PayApp app = PayApp.start(new PayApp.Settings(dataDir, freePort(), null, 0, 3, null,
                        Map.of("pay.watch.tick-ms", "250", "pay.watch.schedule", "500ms@15m,15s@1h")))) {
                    play(URI.create("http://127.0.0.1:" + app.httpPort()),
                            BlcClient.parse(app.blcEndpoint(), Duration.ofSeconds(3), Duration.ofSeconds(10)),
                            new ApiKeyStore(app.context().getRegistry().lookupByNameAndType("payDataSource",
                                    javax.sql.DataSource.class), Clock.systemUTC()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("demo failed: " + e.getMessage(), e);
        }
    }

    private void play(URI pay, BlcClient blc, ApiKeyStore keys) throws Exception {
        String apiKey = keys.create("demo-seller@example.com", null).secretKey();
        String sellerPayout = newAccount(blc);
        String customerPwd = RandomTokens.generate(RandomTokens.BASE62, 24);
        String customer = HexFormat.of().formatHex(RandomTokens.bytes(20));
        blc.register(customer, customerPwd);
        out.printf("Customer mines %d BLC for the order (difficulty %d) ...%n", price, blc.difficulty());
        Miner.mine(blc, customer, (int) price, progress -> { });

        CountDownLatch confirmed = new CountDownLatch(1);
        try (ListenUrl seller = new ListenUrl(notification -> {
            out.printf("6.  Pay -> seller   POST listen_url: %s%n", notification);
            Map<String, String> echo = new LinkedHashMap<>(notification);
            echo.put("_confirm", "1");
            String verdict = post(pay, echo, "text/plain").body();
            out.printf("6a. seller -> Pay   echoes the notification with _confirm%n");
            out.printf("6b. Pay -> seller   %s%n", verdict);
            confirmed.countDown();
        })) {
            out.printf("1.  customer -> seller   orders book-42%n");
            Map<String, String> order = new LinkedHashMap<>();
            order.put("price", Long.toString(price));
            order.put("api_key", apiKey);
            order.put("listen_url", seller.url());
            order.put("payout_addr", sellerPayout);
            order.put("sell_order", "book-42");
            out.printf("2.  seller -> Pay   POST /pay price=%d listen_url=%s payout_addr=%s sell_order=book-42%n",
                    price, seller.url(), sellerPayout);
            HttpResponse<String> created = post(pay, order, "application/json");
            if (created.statusCode() != 201) {
                throw new IllegalStateException("invoice refused: HTTP " + created.statusCode() + " " + created.body());
            }
            JsonNode invoice = JSON.readTree(created.body());
            String address = invoice.get("address").asText();
            out.printf("3.  Pay -> BLC      register %s%n", address);
            out.printf("3a. Pay -> seller   %s%n", created.body());
            out.printf("4.  seller -> customer   please pay %d BLC to %s%n", price, address);
            blc.sendCoin(address, price, customer, customerPwd);
            Instant paidAt = Instant.now();
            out.printf("5.  customer -> BLC send_coin %d BLC to %s%n", price, address);
            out.printf("4a. Pay polls check_addr %s ...%n", address);
            if (!confirmed.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("no notification within " + PATIENCE.toSeconds() + " s");
            }
            waitFor(() -> blc.checkAddr(sellerPayout) >= price);
            out.printf("6c. Pay -> BLC      send_coin %d BLC from %s to the seller's %s (%d ms after step 5)%n",
                    blc.checkAddr(sellerPayout), address, sellerPayout,
                    Duration.between(paidAt, Instant.now()).toMillis());
            out.printf("7.  seller -> customer   order book-42 is on its way%n");
            out.printf("Balances: customer %d BLC, deposit address %d BLC, seller %d BLC.%n",
                    blc.checkAddr(customer), blc.checkAddr(address), blc.checkAddr(sellerPayout));
        }
    }

    private static String newAccount(BlcClient blc) {
        String addr = HexFormat.of().formatHex(RandomTokens.bytes(20));
        blc.register(addr, RandomTokens.generate(RandomTokens.BASE62, 24));
        return addr;
    }

    private boolean answers(URI pay) {
        try {
            http.send(HttpRequest.newBuilder(pay.resolve("/observe/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpResponse<String> post(URI pay, Map<String, String> fields, String accept) {
        String form = Forms.encode(fields);
        try {
            return http.send(HttpRequest.newBuilder(pay.resolve("/pay"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", accept)
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Pay at " + pay + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the payout did not arrive within " + PATIENCE.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The demo seller's listen_url: a tiny HTTP server that hands each step-6 form to the seller's code. */
    private static final class ListenUrl implements AutoCloseable {
        private final HttpServer server;

        ListenUrl(Consumer<Map<String, String>> seller) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/ipn", exchange -> {
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                seller.accept(decode(body));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/ipn";
        }

        private static Map<String, String> decode(String form) {
            Map<String, String> fields = new LinkedHashMap<>();
            Forms.decode(form).forEach(field -> fields.put(field.getKey(), field.getValue()));
            return fields;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
