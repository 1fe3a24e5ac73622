package pay.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import pay.blc.BlcClient;
import pay.invoice.Invoice;
import pay.invoice.InvoiceAdmin;
import pay.invoice.Invoices;
import pay.store.InvoiceStore;
import pay.keys.ApiKeyStore;
import pay.wallet.Miner;

/**
 * Pay as the end-to-end tests run it: the real routes from {@code routes/}, an embedded BLC server over
 * real TCP, a SQLite file in a temporary folder, and fast ticks so payments show up in milliseconds.
 */
final class PayHarness implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    final PayApp app;
    final BlcClient blc;
    final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    PayHarness(Path dataDir) throws Exception {
        this(dataDir, Map.of());
    }

    PayHarness(Path dataDir, Map<String, String> extraProperties) throws Exception {
        this(dataDir, extraProperties, null);
    }

    /** @param externalBlc a BLC server's {@code host:port} to use instead of the embedded one */
    PayHarness(Path dataDir, Map<String, String> extraProperties, String externalBlc) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("pay.watch.tick-ms", "100");
        properties.put("pay.watch.schedule", "100ms@15m,1s@24h");
        properties.put("pay.work.tick-ms", "100");
        properties.put("pay.notify.retry-schedule", "200ms,200ms,200ms");
        properties.put("pay.notify.lease", "5s");
        properties.put("pay.payout.lease", "5s");
        properties.putAll(extraProperties);
        app = PayApp.start(new PayApp.Settings(dataDir, freePort(), externalBlc, 0, 1, Path.of("routes"), properties));
        blc = BlcClient.parse(app.blcEndpoint(), Duration.ofSeconds(2), Duration.ofSeconds(5));
        apiKey = new ApiKeyStore(dataSource(), Clock.systemUTC()).create("seller@example.com", null).secretKey();
    }

    DataSource dataSource() {
        return app.context().getRegistry().lookupByNameAndType("payDataSource", DataSource.class);
    }

    Invoices invoices() {
        return app.context().getRegistry().lookupByNameAndType("invoices", Invoices.class);
    }

    long invoiceCount() throws Exception {
        try (var c = dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM invoices")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    InvoiceAdmin admin() {
        return new InvoiceAdmin(new InvoiceStore(dataSource()), Clock.systemUTC());
    }

    Invoice invoice(String txnId) {
        return invoices().find(txnId).orElseThrow();
    }

    /** A customer (or seller) address on the BLC server with {@code coins} freshly mined coins. */
    Account account(long coins) throws InterruptedException {
        String addr = randomHex(20);
        String pwd = randomHex(16);
        blc.register(addr, pwd);
        if (coins > 0) {
            Miner.mine(blc, addr, (int) coins, progress -> { });
        }
        return new Account(addr, pwd);
    }

    record Account(String addr, String pwd) {
    }

    private static String randomHex(int bytes) {
        byte[] data = new byte[bytes];
        RANDOM.nextBytes(data);
        return HexFormat.of().formatHex(data);
    }

    HttpResponse<String> post(Map<String, String> fields) throws IOException, InterruptedException {
        return post(fields, "application/json");
    }

    HttpResponse<String> post(Map<String, String> fields, String accept) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri("/pay"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build());
    }

    /** The fields form-encoded in UTF-8, in their order. */
    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(f -> URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    HttpResponse<String> postJson(String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri("/pay"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /**
     * Step 6a as a seller's listener does it, usually from inside the notification callback: posts the
     * {@code echo} back and returns Pay's verdict ({@code VERIFIED} or {@code INVALID}).
     */
    String confirm(Map<String, String> echo) {
        try {
            return post(echo, "text/plain").body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A POST /pay with this exact body and Content-Type (none when null), as a hostile client sends it. */
    HttpResponse<String> postRaw(String contentType, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/pay")).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.httpPort() + path);
    }

    /** The fields of a valid step-2 request. */
    Map<String, String> order(long price, String listenUrl, String payoutAddr) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("price", Long.toString(price));
        fields.put("api_key", apiKey);
        fields.put("listen_url", listenUrl);
        fields.put("payout_addr", payoutAddr);
        return fields;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
