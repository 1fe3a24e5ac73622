package pay.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import pay.app.SellerServer;
import pay.blc.BlcClient;
import pay.crypto.RandomTokens;
import pay.wallet.Miner;

/**
 * A seller selling through Pay, and its customers, as the crash tests drive them. The seller's listen_url
 * echoes every notification it receives back to Pay (6a) before answering, and shrugs off an echo that
 * fails (Pay died or hangs): Pay redelivers after its restart, and that delivery is echoed in turn. Each
 * customer is a BLC account mined with exactly the price of its order.
 */
final class Shop implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ECHO_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SALE_TIMEOUT = Duration.ofSeconds(20);
    /** Long enough for Pay to be restarted a few times on a busy machine. */
    private static final Duration SALE_PATIENCE = Duration.ofMinutes(2);

    record Account(String addr, String pwd) {
    }

    /** What a customer wants to buy, and the customer, who holds exactly its price. */
    record Order(String id, long price, Account customer) {
    }

    /** An order Pay made an invoice for: its txn_id and deposit address, as Pay's 201 reply gave them. */
    record Sale(Order order, String txnId, String address) {
    }

    private final BlcClient blc;
    private final String apiKey;
    private final URI payApi;
    /** HTTP/1.1, as sellers' clients (curl, PHP, Python) speak it; not Java's default h2c upgrade. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final SellerServer seller = new SellerServer();
    private final List<Account> accounts = new CopyOnWriteArrayList<>();
    private final AtomicLong minedCoins = new AtomicLong();
    private final AtomicInteger orders = new AtomicInteger();
    private final AtomicInteger busyAnswers = new AtomicInteger();
    private volatile int firstEchoedAttempt = 1;
    private volatile CountDownLatch answersHeld = new CountDownLatch(0);
    final Account payout;

    /** @param payHttpPort where Pay listens; it stays the same across restarts */
    Shop(BlcClient blc, String apiKey, int payHttpPort) throws IOException, InterruptedException {
        this.blc = blc;
        this.apiKey = apiKey;
        this.payApi = URI.create("http://127.0.0.1:" + payHttpPort + "/pay");
        this.payout = account(0);
        seller.onReceive(notification -> {
            try {
                answersHeld.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (Integer.parseInt(notification.fields().get("attempt")) < firstEchoedAttempt) {
                return;
            }
            Map<String, String> echo = new LinkedHashMap<>(notification.fields());
            echo.put("_confirm", "1");
            try {
                post(echo, ECHO_TIMEOUT);
            } catch (IOException payDiedOrHangs) {
                // The notification it answers is redelivered after Pay's restart, and echoed again then.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * From now on the seller answers deliveries before {@code attempt} without echoing them, as one that
     * missed its first chance would: only a redelivery gets the invoice confirmed.
     */
    void echoFromAttempt(int attempt) {
        firstEchoedAttempt = attempt;
    }

    /** From now on the seller keeps each delivery waiting (it has it, Pay has no answer yet) until released. */
    void holdAnswers() {
        answersHeld = new CountDownLatch(1);
    }

    void releaseAnswers() {
        answersHeld.countDown();
    }

    /** A fresh BLC account holding {@code coins} freshly mined coins. */
    Account account(int coins) throws InterruptedException {
        Account account = new Account(HexFormat.of().formatHex(RandomTokens.bytes(20)),
                RandomTokens.generate(RandomTokens.BASE62, 20));
        blc.register(account.addr(), account.pwd());
        if (coins > 0) {
            Miner.mine(blc, account.addr(), coins, progress -> { });
        }
        minedCoins.addAndGet(coins);
        accounts.add(account);
        return account;
    }

    Order order(int price) throws InterruptedException {
        return new Order("order-" + orders.incrementAndGet(), price, account(price));
    }

    /**
     * Steps 2-3a as a careful seller does them: asks until Pay answers 201, so an attempt cut short by a
     * crash (or refused while Pay restarts) is simply asked again, as a new invoice.
     */
    Sale sell(Order order) {
        return await("invoice for " + order.id()).atMost(SALE_PATIENCE).pollInterval(Duration.ofMillis(300))
                .until(() -> trySell(order), Objects::nonNull);
    }

    /** One attempt at step 2 whose answer may never come (Pay hangs on a fail point, then dies). */
    CompletableFuture<HttpResponse<String>> startSale(Order order) {
        return http.sendAsync(request(fields(order), Duration.ofMinutes(1)), HttpResponse.BodyHandlers.ofString());
    }

    /** Step 5: the customer sends the price to the deposit address. */
    void pay(Sale sale) {
        Account customer = sale.order().customer();
        blc.sendCoin(sale.address(), sale.order().price(), customer.addr(), customer.pwd());
    }

    /** Every step-6 delivery of this invoice the seller received. */
    List<SellerServer.Received> notificationsOf(String txnId) {
        return seller.received().stream().filter(r -> txnId.equals(r.fields().get("txn_id"))).toList();
    }

    /** Every account of this shop (customers, payout and fee addresses): where all mined coins must be. */
    List<Account> accounts() {
        return List.copyOf(accounts);
    }

    long minedCoins() {
        return minedCoins.get();
    }

    /** How often Pay answered a request for an invoice with 503 {@code starting} or {@code stopping}. */
    int busyAnswers() {
        return busyAnswers.get();
    }

    @Override
    public void close() {
        seller.close();
    }

    /** One attempt at step 2: Pay's answer, or null when none came (Pay is down or died meanwhile). */
    HttpResponse<String> ask(Order order) throws InterruptedException {
        try {
            return post(fields(order), SALE_TIMEOUT);
        } catch (IOException payDown) {
            return null;
        }
    }

    private Sale trySell(Order order) throws InterruptedException {
        HttpResponse<String> reply = ask(order);
        if (reply != null && reply.statusCode() == 503 && reply.body().matches(".*\"error\":\"(starting|stopping)\".*")) {
            busyAnswers.incrementAndGet();
            return null;
        }
        if (reply == null || reply.statusCode() >= 500) {
            return null;
        }
        if (reply.statusCode() != 201) {
            throw new IllegalStateException("Pay refused " + order.id() + ": " + reply.statusCode() + " " + reply.body());
        }
        try {
            JsonNode invoice = JSON.readTree(reply.body());
            return new Sale(order, invoice.get("txn_id").asText(), invoice.get("address").asText());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + reply.body(), e);
        }
    }

    private Map<String, String> fields(Order order) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("price", Long.toString(order.price()));
        fields.put("api_key", apiKey);
        fields.put("listen_url", seller.listenUrl());
        fields.put("payout_addr", payout.addr());
        fields.put("sell_order", order.id());
        return fields;
    }

    private HttpResponse<String> post(Map<String, String> fields, Duration timeout)
            throws IOException, InterruptedException {
        return http.send(request(fields, timeout), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(Map<String, String> fields, Duration timeout) {
        String form = fields.entrySet().stream()
                .map(f -> URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(payApi).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }
}
