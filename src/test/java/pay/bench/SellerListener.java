package pay.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.net.WWWFormCodec;

/**
 * A seller's listen_url for the bench: answers every step-6 notification with 200 and notes, per txn_id,
 * the moment the first one arrived (System.nanoTime, so it compares with the payer's clock in this JVM).
 */
final class SellerListener implements AutoCloseable {

    /** The first notification of an invoice: when it arrived and its decoded form fields. */
    record Received(long atNanos, Map<String, String> fields) {
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newFixedThreadPool(4);
    private final Map<String, Received> firstByTxnId = new ConcurrentHashMap<>();
    private final AtomicInteger notifications = new AtomicInteger();
    private volatile Set<String> awaited = Set.of();
    private volatile CountDownLatch awaitedArrivals = new CountDownLatch(0);

    SellerListener() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.createContext("/ipn", exchange -> {
            long at = System.nanoTime();
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            notifications.incrementAndGet();
            Map<String, String> fields = decode(body);
            String txnId = fields.getOrDefault("txn_id", "");
            if (firstByTxnId.putIfAbsent(txnId, new Received(at, fields)) == null && awaited.contains(txnId)) {
                awaitedArrivals.countDown();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(handlers);
        server.start();
    }

    String listenUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ipn";
    }

    /** Names the invoices whose first notification {@link #awaitAll} waits for. */
    void expect(Collection<String> txnIds) {
        awaited = Set.copyOf(txnIds);
        awaitedArrivals = new CountDownLatch(awaited.size());
    }

    /** Whether every expected invoice was notified within {@code limit}. */
    boolean awaitAll(Duration limit) throws InterruptedException {
        return awaitedArrivals.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    Received first(String txnId) {
        return firstByTxnId.get(txnId);
    }

    /** Every POST received, redeliveries and unexpected ones included. */
    int notifications() {
        return notifications.get();
    }

    private static Map<String, String> decode(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (NameValuePair field : WWWFormCodec.parse(form, StandardCharsets.UTF_8)) {
            fields.putIfAbsent(field.getName(), field.getValue());
        }
        return fields;
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
