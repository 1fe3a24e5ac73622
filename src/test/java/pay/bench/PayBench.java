package pay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.http.message.BasicNameValuePair;
import org.apache.hc.core5.net.WWWFormCodec;
import pay.blc.BlcClient;
import pay.crypto.RandomTokens;
import pay.wallet.Miner;

/**
 * Load generator for a running Pay (started by bench/pay), acting as sellers and a customer over loopback.
 *
 * <pre>
 * create URL API_KEY CLIENTS WARMUP REQUESTS MAX_SECONDS
 *     invoices/s and latency of POST /pay (steps 2, 3, 3a) from CLIENTS concurrent sellers.
 * detect URL API_KEY BLC_HOST:PORT CLIENTS OPEN SAMPLE PAY_PID METRICS_URL LABEL
 *     opens OPEN invoices and measures what watching them costs Pay (CPU of pid PAY_PID, polls counted
 *     at its Prometheus endpoint METRICS_URL); then a customer pays SAMPLE of them (send_coin, step 5), one every PAYMENT_SPACING
 *     on average, and it prints the time from the BLC server's send_coin reply to the step-6 POST
 *     arriving at the seller's listen_url.
 * </pre>
 */
public final class PayBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PRICE = 2;
    private static final Duration PHASE_LIMIT = Duration.ofMinutes(3);
    /** After the invoices are opened: long enough for every one to be polled a few times (default: every 2 s). */
    private static final Duration SETTLE = Duration.ofSeconds(10);
    /** The quiet time over which the cost of watching is measured. */
    private static final Duration WATCH_WINDOW = Duration.ofSeconds(10);
    private static final Duration PAYMENT_SPACING = Duration.ofMillis(200);
    private static final Duration NOTIFICATION_WAIT = Duration.ofSeconds(60);

    private PayBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 7 && args[0].equals("create")) {
            SellerClient seller = new SellerClient(URI.create(args[1]), args[2]);
            create(seller, Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Duration.ofSeconds(Long.parseLong(args[6])));
        } else if (args.length == 10 && args[0].equals("detect")) {
            SellerClient seller = new SellerClient(URI.create(args[1]), args[2]);
            BlcClient blc = BlcClient.parse(args[3], Duration.ofSeconds(2), Duration.ofSeconds(10));
            detect(seller, blc, Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]),
                    Long.parseLong(args[7]), URI.create(args[8]), args[9]);
        } else {
            System.err.println("usage: PayBench create URL API_KEY CLIENTS WARMUP REQUESTS MAX_SECONDS\n"
                    + "       PayBench detect URL API_KEY BLC_HOST:PORT CLIENTS OPEN SAMPLE PAY_PID METRICS_URL LABEL");
            System.exit(2);
        }
    }

    /** (a): invoice creation, the BLC server's register included. */
    private static void create(SellerClient seller, int clients, int warmup, int requests, Duration limit)
            throws Exception {
        try (SellerListener listener = new SellerListener()) {
            Batch warm = Batch.run(seller, listener.listenUrl(), clients, warmup, limit);
            System.out.printf("    warm-up: %s%n", warm);
            Batch measured = Batch.run(seller, listener.listenUrl(), clients, requests, limit);
            System.out.printf("(a) POST /pay, %d concurrent sellers: %s%n", clients, measured);
        }
    }

    /** (b): detection latency, send_coin acknowledged to step 6 received, with many invoices open. */
    private static void detect(SellerClient seller, BlcClient blc, int clients, int open, int sample, long payPid,
                               URI metrics, String label) throws Exception {
        try (SellerListener listener = new SellerListener()) {
            Batch opened = Batch.run(seller, listener.listenUrl(), clients, open, PHASE_LIMIT);
            System.out.printf("    opened:  %s%n", opened);
            if (opened.created().size() < sample) {
                throw new IllegalStateException("only " + opened.created().size() + " invoices were created");
            }
            Customer customer = Customer.withCoins(blc, sample * PRICE);
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            try {
                pause(timer, SETTLE);
                WatchCost watch = WatchCost.start(payPid, metrics, opened.created().size());
                pause(timer, WATCH_WINDOW);
                System.out.printf("    watching %d open invoices, no payments: %s%n", opened.created().size(),
                        watch.finish());

                List<Invoice> paid = spreadSample(opened.created(), sample);
                listener.expect(paid.stream().map(Invoice::txnId).toList());
                Map<String, Long> acknowledgedAt = payAtRandomMoments(timer, customer, paid);
                boolean allArrived = listener.awaitAll(NOTIFICATION_WAIT);
                long[] latencies = paid.stream().filter(invoice -> listener.first(invoice.txnId()) != null)
                        .mapToLong(invoice -> listener.first(invoice.txnId()).atNanos() - acknowledgedAt.get(invoice.txnId()))
                        .toArray();
                long unexpected = paid.stream().map(invoice -> listener.first(invoice.txnId()))
                        .filter(received -> received != null && !customer.paidExactly(received.fields()))
                        .count();
                System.out.printf("(b) detection, %d open invoices, %s: %d of %d payments notified%s; "
                                + "send_coin acknowledged -> step 6 received: %s%s%n",
                        opened.created().size(), label, latencies.length, paid.size(),
                        allArrived ? "" : " (gave up after " + NOTIFICATION_WAIT.toSeconds() + " s)",
                        Latencies.ofNanos(latencies).summary(),
                        unexpected == 0 ? "" : "; " + unexpected + " notifications with unexpected fields");
                int further = listener.notifications() - latencies.length;
                if (further != 0) {
                    System.out.printf("    %d further notification(s) arrived (redeliveries or unpaid invoices)%n", further);
                }
            } finally {
                timer.shutdownNow();
            }
        }
    }

    private static void pause(ScheduledExecutorService timer, Duration duration) throws Exception {
        timer.schedule(() -> { }, duration.toMillis(), TimeUnit.MILLISECONDS).get();
    }

    /**
     * The customer pays each invoice its price at a random moment, about one every PAYMENT_SPACING, so the
     * payments land at every phase of the poll cycle. Returns when the BLC server acknowledged each one.
     */
    private static Map<String, Long> payAtRandomMoments(ScheduledExecutorService timer, Customer customer,
                                                        List<Invoice> invoices) throws Exception {
        Map<String, Long> acknowledgedAt = new ConcurrentHashMap<>();
        List<Future<?>> payments = new ArrayList<>();
        long spacing = PAYMENT_SPACING.toMillis();
        for (int i = 0; i < invoices.size(); i++) {
            Invoice invoice = invoices.get(i);
            payments.add(timer.schedule(() -> {
                customer.pay(invoice.address(), PRICE);
                acknowledgedAt.put(invoice.txnId(), System.nanoTime());
            }, i * spacing + ThreadLocalRandom.current().nextLong(spacing), TimeUnit.MILLISECONDS));
        }
        for (Future<?> payment : payments) {
            payment.get();
        }
        return acknowledgedAt;
    }

    /** {@code count} invoices spread evenly over the creation order, so old and young ones are both paid. */
    private static List<Invoice> spreadSample(List<Invoice> invoices, int count) {
        List<Invoice> sample = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sample.add(invoices.get((int) ((long) i * invoices.size() / count)));
        }
        return sample;
    }

    /** An invoice as step 3a returned it. */
    record Invoice(String txnId, String address) {
    }

    /** Sellers' calls to POST /pay (step 2), form-encoded as the spec shows. */
    private static final class SellerClient {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final URI payUri;
        private final String apiKey;
        private final String payoutAddr = RandomTokens.generate(RandomTokens.BASE62, 40);

        SellerClient(URI payUri, String apiKey) {
            this.payUri = payUri;
            this.apiKey = apiKey;
        }

        HttpResponse<String> createInvoice(String listenUrl, int orderNumber) throws IOException, InterruptedException {
            String form = WWWFormCodec.format(List.of(new BasicNameValuePair("price", Long.toString(PRICE)),
                    new BasicNameValuePair("api_key", apiKey), new BasicNameValuePair("listen_url", listenUrl),
                    new BasicNameValuePair("payout_addr", payoutAddr),
                    new BasicNameValuePair("sell_order", "bench-" + orderNumber)), StandardCharsets.UTF_8);
            return http.send(HttpRequest.newBuilder(payUri)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /**
     * Creates {@code count} invoices from {@code clients} concurrent sellers, each sending its next request as
     * soon as the previous one is answered; stops early at {@code limit}.
     */
    private record Batch(List<Invoice> created, Latencies latencies, double seconds, Map<String, Integer> outcomes) {

        static Batch run(SellerClient seller, String listenUrl, int clients, int count, Duration limit)
                throws Exception {
            AtomicInteger tickets = new AtomicInteger();
            long deadline = System.nanoTime() + limit.toNanos();
            Map<String, Integer> outcomes = new ConcurrentHashMap<>();
            List<Invoice> created = Collections.synchronizedList(new ArrayList<>(count));
            ExecutorService sellers = Executors.newFixedThreadPool(clients);
            List<Future<long[]>> perSeller = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                perSeller.add(sellers.submit(() -> {
                    long[] mine = new long[count];
                    int done = 0;
                    int ticket;
                    while ((ticket = tickets.getAndIncrement()) < count && System.nanoTime() < deadline) {
                        long sent = System.nanoTime();
                        String outcome;
                        try {
                            HttpResponse<String> reply = seller.createInvoice(listenUrl, ticket);
                            mine[done++] = System.nanoTime() - sent;
                            outcome = "HTTP " + reply.statusCode();
                            if (reply.statusCode() == 201) {
                                JsonNode invoice = JSON.readTree(reply.body());
                                created.add(new Invoice(invoice.get("txn_id").asText(), invoice.get("address").asText()));
                            } else {
                                outcome += " " + JSON.readTree(reply.body()).path("error").asText();
                            }
                        } catch (IOException e) {
                            outcome = e.getClass().getSimpleName();
                        }
                        outcomes.merge(outcome, 1, Integer::sum);
                    }
                    return Arrays.copyOf(mine, done);
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> latencies : perSeller) {
                all.add(latencies.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            sellers.shutdown();
            long[] merged = all.stream().flatMapToLong(Arrays::stream).toArray();
            return new Batch(List.copyOf(created), Latencies.ofNanos(merged), seconds, new TreeMap<>(outcomes));
        }

        @Override
        public String toString() {
            return String.format("%d invoices in %.1f s = %.0f invoices/s; %s; answers %s",
                    created.size(), seconds, created.size() / seconds, latencies.summary(), outcomes);
        }
    }

    /** The customer of step 5: an address on the BLC server with mined coins. */
    private record Customer(BlcClient blc, String address, String password) {

        static Customer withCoins(BlcClient blc, long coins) throws InterruptedException {
            Customer customer = new Customer(blc, RandomTokens.generate(RandomTokens.BASE62, 40),
                    RandomTokens.generate(RandomTokens.BASE62, 24));
            blc.register(customer.address(), customer.password());
            long start = System.nanoTime();
            Miner.mine(blc, customer.address(), Math.toIntExact(coins), progress -> { });
            System.out.printf("    customer mined %d coins in %.1f s (difficulty %d)%n", coins,
                    (System.nanoTime() - start) / 1e9, blc.difficulty());
            return customer;
        }

        void pay(String to, long amount) {
            blc.sendCoin(to, amount, address, password);
        }

        /** Whether a step-6 notification reports exactly one payment of the price from this customer. */
        boolean paidExactly(Map<String, String> notification) {
            return "paid".equals(notification.get("status")) && Long.toString(PRICE).equals(notification.get("amount"))
                    && address.equals(notification.get("from"));
        }
    }
}
