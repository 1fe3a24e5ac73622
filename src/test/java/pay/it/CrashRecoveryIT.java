package pay.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pay.ClosingFigures;
import pay.blc.BlcClient;
import pay.blc.BlcTransfer;
import pay.blc.RealBlcServer;
import pay.crypto.MasterSecret;
import pay.store.DatabaseSettings;
import pay.store.PostgresSchema;

/**
 * Pay killed with SIGKILL at each named fail point of the flow, and at random moments while payments are
 * under way, then restarted on the same data: every paid invoice ends up paid out exactly once with the
 * right amounts, every notification reached the seller, and the BLC server's books still add up. The
 * BLC server runs in this JVM, so it outlives every kill, as a real one would.
 *
 * <p>A start of Pay costs several CPU-seconds, so the fail points share one data folder: each start is
 * armed for the next kill and first finishes what the previous kill interrupted (11 starts for 10 kills,
 * not 20). Pay's invoices are read with its admin command {@code invoices list} for the final audit, and
 * through a read-only connection to its database meanwhile ({@link InvoiceRows}).
 */
class CrashRecoveryIT {
    private static final int FEE_PERCENT = 10;
    /** Fast ticks, leases and timeouts, so a restarted Pay finds and finishes the work in seconds. */
    private static final List<String> QUICK_RECOVERY = List.of(
            "pay.watch.tick-ms=100", "pay.work.tick-ms=100", "pay.watch.schedule=200ms@15m,1s@24h",
            "pay.notify.retry-schedule=300ms,300ms,300ms,1s,1s", "pay.notify.lease=2s", "pay.payout.lease=2s",
            "pay.notify.echo-timeout=1s", "pay.invoice.registration-timeout=2s",
            "pay.payout.fee-percent=" + FEE_PERCENT);
    /**
     * Every fail point, in an order that lets each start of Pay be armed for the next kill: the work a kill
     * at one point leaves (its recovery) never passes the next point. A payout resumed after payout-claimed,
     * seller-paid or payout-sent passes all three again, and a notification resumed passes everything after
     * it; so each of those is followed by an earlier point, and each creation point (whose recovery is only
     * discarding an invoice nobody saw) by the point the seller's repeated request then runs into.
     */
    private static final List<String> FAIL_POINTS_IN_KILL_ORDER = List.of("payout-sent", "invoice-confirmed",
            "notification-sent", "deposits-recorded", "invoice-stored", "seller-paid", "notification-claimed",
            "address-registered", "payout-claimed", "invoice-activated");
    /** Fail points reached while the seller still waits for its invoice: the seller never learns of it. */
    private static final Set<String> CREATION_POINTS = Set.of("invoice-stored", "address-registered",
            "invoice-activated");
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int SOAK_INVOICES = 8;
    private static final int SOAK_KILLS = 4;

    private static final long STARTED = System.nanoTime();
    private static final AtomicInteger killsSurvived = new AtomicInteger();
    private static final AtomicInteger invoicesChecked = new AtomicInteger();
    private static final AtomicInteger orphansChecked = new AtomicInteger();
    private static final AtomicLong coinsMined = new AtomicLong();
    private static final AtomicLong coinsAccounted = new AtomicLong();
    private static final AtomicInteger busyAnswers = new AtomicInteger();

    private static Path keyedDataDir;
    private static String apiKey;

    @RegisterExtension
    final RealBlcServer blcServer = new RealBlcServer(1);
    /** Created only by the tests that run on PostgreSQL. */
    private final PostgresSchema postgres = new PostgresSchema();

    private BlcClient blc;
    private Path workDir;
    private PayData data;
    private int httpPort;
    private Shop shop;
    private Shop.Account feeAccount;

    /** One data folder with an API key, copied for each test: {@code keys create} costs a JVM start. */
    @BeforeAll
    static void issueApiKey(@TempDir Path dir) throws Exception {
        keyedDataDir = dir.resolve("data");
        PayProcess.Result key = PayProcess.command(dir, "keys", "create", "--email", "shop@example.com",
                "--data-dir", keyedDataDir.toString());
        assertThat(key.exitCode()).as(key.stdout()).isZero();
        apiKey = key.lastLine();
    }

    @AfterAll
    static void printClosingFigures() {
        ClosingFigures.record("CrashRecovery", String.format("Crash recovery: %d kills survived, %d invoices checked"
                        + " paid out or refunded exactly once, %d orphaned invoices checked harmless, %d of %d coins"
                        + " accounted for, %d lost, in %d s; Pay answered 503 while starting or stopping %d times",
                killsSurvived.get(), invoicesChecked.get(), orphansChecked.get(), coinsAccounted.get(),
                coinsMined.get(), coinsMined.get() - coinsAccounted.get(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - STARTED), busyAnswers.get()));
    }

    @AfterEach
    void closeShop() throws SQLException {
        postgres.drop();
        if (shop != null) {
            busyAnswers.addAndGet(shop.busyAnswers());
            shop.close();
        }
    }

    @Test
    void aPaymentKilledAtEachFailPointInTurnIsFinishedByTheNextStartOfPay(@TempDir Path dir) throws Exception {
        prepare(dir);
        List<Shop.Sale> paid = new ArrayList<>();
        Map<String, InvoiceRows.Row> orphans = new LinkedHashMap<>();
        Shop.Order unanswered = null;
        for (String point : FAIL_POINTS_IN_KILL_ORDER) {
            try (PayProcess armed = startPay(Map.of("PAY_FAILPOINT", point))) {
                // What the previous kill interrupted is finished first: the point armed now is not on its way.
                awaitPaidOut(paid);
                // A seller that got no invoice asks again for the same order; else a new customer orders.
                Shop.Order order = unanswered != null ? unanswered : shop.order(10);
                if (CREATION_POINTS.contains(point)) {
                    CompletableFuture<?> request = shop.startSale(order);
                    awaitFailPoint(armed, point);
                    Map<String, InvoiceRows.Row> left = InvoiceRows.read(data);
                    left.keySet().removeAll(orphans.keySet());
                    left.keySet().removeAll(paid.stream().map(Shop.Sale::txnId).toList());
                    assertThat(left.values()).as("invoices stored for the unanswered request").singleElement()
                            .extracting(InvoiceRows.Row::state)
                            .isEqualTo(point.equals("invoice-activated") ? "awaiting_payment" : "registering");
                    orphans.putAll(left);
                    armed.kill();
                    assertThat(request).as("the seller's request for an invoice").failsWithin(Duration.ofSeconds(10));
                    unanswered = order;
                } else {
                    // Killed after the seller took a delivery Pay had not yet recorded, that delivery must be
                    // sent again: the seller confirms only a redelivery, so nothing else can finish the sale.
                    shop.echoFromAttempt(point.equals("notification-sent") ? 2 : 1);
                    Shop.Sale sale = shop.sell(order);
                    shop.pay(sale);
                    paid.add(sale);
                    unanswered = null;
                    awaitFailPoint(armed, point);
                    armed.kill();
                }
                System.out.printf("Crash at fail points: killed at %s, invoices by state %s%n", point,
                        statesOf(InvoiceRows.read(data)));
            }
        }
        try (PayProcess clean = startPay(Map.of())) {
            if (unanswered != null) {
                Shop.Sale sale = shop.sell(unanswered);
                shop.pay(sale);
                paid.add(sale);
            }
            awaitPaidOut(paid);
            awaitNoRegistrationsLeft();
            assertBooksBalance(paid, orphans);
        }
        killsSurvived.addAndGet(FAIL_POINTS_IN_KILL_ORDER.size());
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"SQLite", "PostgreSQL"})
    void paymentsUnderWayWhenPayIsKilledAtRandomMomentsAreEachPaidOutExactlyOnce(String database, @TempDir Path dir)
            throws Exception {
        if (database.equals("PostgreSQL")) {
            prepareOnPostgres(dir);
        } else {
            prepare(dir);
        }
        long seed = System.nanoTime();
        Random random = new Random(seed);
        // Each order comes in during a random life of Pay, at a random moment of it.
        Map<Integer, List<Shop.Order>> ordersByLife = new TreeMap<>();
        for (int i = 0; i < SOAK_INVOICES; i++) {
            ordersByLife.computeIfAbsent(random.nextInt(SOAK_KILLS), life -> new ArrayList<>())
                    .add(shop.order(10 + 2 * i));
        }
        System.out.printf("Crash soak: %d invoices, %d kills, seed %d%n", SOAK_INVOICES, SOAK_KILLS, seed);
        ScheduledExecutorService customers = Executors.newScheduledThreadPool(SOAK_INVOICES);
        try {
            List<Future<Shop.Sale>> sales = new ArrayList<>();
            for (int life = 0; life < SOAK_KILLS; life++) {
                try (PayProcess pay = startPay(Map.of())) {
                    Duration lifetime = Duration.ofMillis(200 + random.nextInt(1_800));
                    for (Shop.Order order : ordersByLife.getOrDefault(life, List.of())) {
                        sales.add(customers.schedule(() -> {
                            Shop.Sale sale = shop.sell(order);
                            shop.pay(sale);
                            return sale;
                        }, random.nextLong(lifetime.toMillis()), TimeUnit.MILLISECONDS));
                    }
                    await("Pay running for " + lifetime).during(lifetime).atMost(lifetime.plusSeconds(10))
                            .until(pay::alive);
                    pay.kill();
                    System.out.printf("Crash soak: killed after %d ms, invoices by state %s%n",
                            lifetime.toMillis(), statesOf(InvoiceRows.read(data)));
                }
            }
            try (PayProcess last = startPay(Map.of())) {
                List<Shop.Sale> sold = new ArrayList<>();
                for (Future<Shop.Sale> sale : sales) {
                    sold.add(sale.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
                }
                awaitPaidOut(sold);
                awaitNoRegistrationsLeft();
                Map<String, InvoiceRows.Row> orphans = new LinkedHashMap<>(InvoiceRows.read(data));
                orphans.keySet().removeAll(sold.stream().map(Shop.Sale::txnId).toList());
                assertBooksBalance(sold, orphans);
            }
        } finally {
            customers.shutdownNow();
        }
        killsSurvived.addAndGet(SOAK_KILLS);
    }

    /**
     * Refunds an admin released, killed at each of a refund's fail points: a refund stored but no coin sent
     * (refund-claimed); resumed by the next start, its sender paid back but {@code refunded} not stored
     * (refund-sent); a second refund killed right after paying its sender (sender-refunded). Each start
     * finishes what the last kill cut short, and every customer has its coins back exactly once.
     */
    @Test
    void aRefundKilledAtEachOfItsFailPointsIsFinishedByTheNextStartExactlyOnce(@TempDir Path dir) throws Exception {
        prepare(dir);
        shop.echoFromAttempt(Integer.MAX_VALUE);
        Shop.Sale first;
        Shop.Sale second;
        try (PayProcess pay = startPay(Map.of("PAY_FAILPOINT", "refund-claimed"))) {
            first = paidAndReleasedForRefund();
            awaitFailPoint(pay, "refund-claimed");
            pay.kill();
        }
        assertThat(blc.checkAddr(first.order().customer().addr())).as("refunded before the claim was stored").isZero();
        try (PayProcess pay = startPay(Map.of("PAY_FAILPOINT", "refund-sent"))) {
            awaitFailPoint(pay, "refund-sent");
            pay.kill();
        }
        assertThat(InvoiceRows.read(data).get(first.txnId()).state()).isEqualTo("refunding");
        assertThat(blc.checkAddr(first.order().customer().addr())).as("paid back, not yet recorded").isEqualTo(10);
        try (PayProcess pay = startPay(Map.of("PAY_FAILPOINT", "sender-refunded"))) {
            awaitState(List.of(first), "refunded");
            second = paidAndReleasedForRefund();
            awaitFailPoint(pay, "sender-refunded");
            pay.kill();
        }
        try (PayProcess clean = startPay(Map.of())) {
            awaitState(List.of(first, second), "refunded");
        }
        MasterSecret secret = MasterSecret.load(data.dir(), Map.of());
        for (Shop.Sale sale : List.of(first, second)) {
            String customer = sale.order().customer().addr();
            long price = sale.order().price();
            assertThat(blc.transactions(sale.address(), secret.derive("deposit", sale.address())))
                    .as("transfers of %s", sale.txnId())
                    .containsExactlyInAnyOrder(new BlcTransfer(sale.address(), price, customer),
                            new BlcTransfer(customer, price, sale.address()));
            assertThat(blc.checkAddr(customer)).as("customer of %s", sale.txnId()).isEqualTo(price);
            assertThat(blc.checkAddr(sale.address())).isZero();
        }
        assertThat(blc.checkAddr(shop.payout.addr())).as("the seller, who never confirmed").isZero();
        assertThat(blc.totalCoins()).as("coins in existence").isEqualTo(shop.minedCoins());
        killsSurvived.addAndGet(3);
        invoicesChecked.addAndGet(2);
        coinsMined.addAndGet(shop.minedCoins());
        coinsAccounted.addAndGet(blc.checkAddr(first.order().customer().addr())
                + blc.checkAddr(second.order().customer().addr()));
    }

    /** A sale paid, notified, never confirmed by the seller, and released for refund by the admin command. */
    private Shop.Sale paidAndReleasedForRefund() throws Exception {
        Shop.Sale sale = shop.sell(shop.order(10));
        shop.pay(sale);
        await("the seller notified").atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> !shop.notificationsOf(sale.txnId()).isEmpty());
        List<String> command = new ArrayList<>(List.of("invoices", "release", sale.txnId(), "--refund"));
        command.addAll(data.commandOptions());
        PayProcess.Result release = PayProcess.command(workDir, command.toArray(String[]::new));
        assertThat(release.exitCode()).as(release.stdout()).isZero();
        return sale;
    }

    /**
     * Killed while it creates the schema of a fresh database, between a migration's statements and its commit:
     * the next start migrates it completely, and Pay takes a payment on it.
     */
    @Test
    void killedWhileMigratingAFreshDatabaseTheNextStartMigratesItAndTakesAPayment(@TempDir Path dir) throws Exception {
        PayData fresh = PayData.sqlite(dir.resolve("data"));
        List<String> command = new ArrayList<>(List.of("keys", "create", "--email", "shop@example.com"));
        command.addAll(fresh.commandOptions());
        try (PayProcess migrating = PayProcess.launch(dir, Map.of("PAY_FAILPOINT", "migration-applied"),
                command.toArray(String[]::new))) {
            awaitFailPoint(migrating, "migration-applied");
            migrating.kill();
        }
        PayProcess.Result key = PayProcess.command(dir, command.toArray(String[]::new));
        assertThat(key.exitCode()).as(key.stdout()).isZero();
        prepare(dir, fresh, key.lastLine());
        try (PayProcess pay = startPay(Map.of())) {
            Shop.Sale sale = shop.sell(shop.order(10));
            shop.pay(sale);
            awaitPaidOut(List.of(sale));
            assertBooksBalance(List.of(sale), Map.of());
        }
        killsSurvived.incrementAndGet();
    }

    /**
     * SIGTERM, the stop an admin gives, while a notification is with the seller: Pay refuses new requests with
     * 503 {@code stopping} (never a 404 or a half-made invoice), waits for the seller's answer and records the
     * delivery before it exits; the seller's echo, sent while Pay stops, is lost, so the next start delivers
     * again and is then confirmed and pays out exactly once.
     */
    @Test
    void aGracefulStopFinishesTheDeliveryInFlightAndTheNextStartPaysOut(@TempDir Path dir) throws Exception {
        prepare(dir);
        Shop.Sale sale;
        try (PayProcess pay = startPay(Map.of())) {
            sale = shop.sell(shop.order(10));
            shop.holdAnswers();
            shop.pay(sale);
            await("the notification at the seller").atMost(PATIENCE)
                    .until(() -> !shop.notificationsOf(sale.txnId()).isEmpty());

            CompletableFuture<Integer> stopped = CompletableFuture.supplyAsync(() -> {
                try {
                    return pay.stop();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Shop.Order late = shop.order(10);
            HttpResponse<String> refused = await("Pay refusing while it stops").atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> shop.ask(late), answer -> answer != null && answer.statusCode() != 201);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.body()).contains("\"error\":\"stopping\"");
            assertThat(pay.alive()).as("Pay waits for the delivery in flight").isTrue();

            shop.releaseAnswers();
            stopped.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(pay.output()).doesNotContain("Timeout occurred during graceful shutdown");
        }
        assertThat(InvoiceRows.read(data).get(sale.txnId()).state()).as("the delivery was recorded")
                .isEqualTo("notified");
        try (PayProcess restarted = startPay(Map.of())) {
            awaitPaidOut(List.of(sale));
            // Invoices Pay made for the late order before it began to stop: never paid, they must stay empty.
            Map<String, InvoiceRows.Row> unpaid = new LinkedHashMap<>(InvoiceRows.read(data));
            unpaid.remove(sale.txnId());
            assertBooksBalance(List.of(sale), unpaid);
        }
        assertThat(shop.notificationsOf(sale.txnId())).extracting(n -> n.fields().get("redelivery"))
                .startsWith("false", "true");
    }

    /**
     * Pay's HTTP server listens a moment before its routes start. A seller asking then must be told to retry
     * (503 {@code starting}, {@code Retry-After}), never that Pay has no such endpoint (Vert.x's HTML 404).
     */
    @Test
    void aSellerAskingWhilePayStartsIsToldToRetryNeverThatPayIsNotThere(@TempDir Path dir) throws Exception {
        prepare(dir);
        Shop.Order order = shop.order(10);
        CompletableFuture<HttpResponse<String>> firstAnswer = CompletableFuture.supplyAsync(
                () -> await("Pay's first answer").atMost(PATIENCE).pollInterval(Duration.ofMillis(1))
                        .until(() -> shop.ask(order), Objects::nonNull));
        try (PayProcess pay = startPay(Map.of())) {
            HttpResponse<String> answer = firstAnswer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            System.out.printf("Pay's first answer while starting: %d %s%n", answer.statusCode(), answer.body());
            assertThat(answer.statusCode()).as(answer.body()).isIn(201, 503);
            if (answer.statusCode() == 503) {
                assertThat(answer.body()).contains("\"error\":\"starting\"");
                assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
            }
            assertThat(shop.sell(order).txnId()).startsWith("txn_");
        }
    }

    /** A fresh copy of the keyed data folder, a port for Pay that stays the same across restarts, a shop. */
    private void prepare(Path dir) throws IOException, InterruptedException {
        Path dataDir = dir.resolve("data");
        Files.createDirectories(dataDir);
        try (Stream<Path> files = Files.list(keyedDataDir)) {
            for (Path file : files.toList()) {
                Files.copy(file, dataDir.resolve(file.getFileName()));
            }
        }
        prepare(dir, PayData.sqlite(dataDir), apiKey);
    }

    /** Pay's data in a fresh schema of the local PostgreSQL (the test is skipped where there is none), keyed. */
    private void prepareOnPostgres(Path dir) throws IOException, InterruptedException {
        postgres.create();
        DatabaseSettings schema = postgres.settings();
        PayData onPostgres = new PayData(dir.resolve("data"), schema.jdbcUrl(), schema.user());
        List<String> command = new ArrayList<>(List.of("keys", "create", "--email", "shop@example.com"));
        command.addAll(onPostgres.commandOptions());
        PayProcess.Result key = PayProcess.command(dir, command.toArray(String[]::new));
        assertThat(key.exitCode()).as(key.stdout()).isZero();
        prepare(dir, onPostgres, key.lastLine());
    }

    private void prepare(Path dir, PayData payData, String key) throws IOException, InterruptedException {
        workDir = dir;
        data = payData;
        httpPort = PayProcess.freePort();
        blc = blcServer.client();
        shop = new Shop(blc, key, httpPort);
        feeAccount = shop.account(0);
    }

    private PayProcess startPay(Map<String, String> environment) throws IOException {
        List<String> properties = new ArrayList<>(QUICK_RECOVERY);
        properties.add("pay.payout.fee-addr=" + feeAccount.addr());
        properties.addAll(data.runProperties());
        return PayProcess.runAgainst(workDir, data.dir(), httpPort, blcServer.port(), environment, properties);
    }

    private static Map<String, Long> statesOf(Map<String, InvoiceRows.Row> rows) {
        return rows.values().stream().collect(Collectors.groupingBy(InvoiceRows.Row::state, TreeMap::new,
                Collectors.counting()));
    }

    private static void awaitFailPoint(PayProcess pay, String point) {
        await("FAILPOINT " + point).atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                .failFast("Pay exited", () -> !pay.alive())
                .until(() -> pay.output().contains("FAILPOINT " + point + " reached"));
    }

    private void awaitPaidOut(List<Shop.Sale> sales) {
        awaitState(sales, "paid_out");
    }

    private void awaitState(List<Shop.Sale> sales, String state) {
        await("every sale " + state).atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Map<String, InvoiceRows.Row> rows = InvoiceRows.read(data);
            assertThat(sales).allSatisfy(sale -> assertThat(rows.get(sale.txnId()))
                    .extracting(InvoiceRows.Row::state).as(sale.txnId()).isEqualTo(state));
        });
    }

    /** Invoices a crash left in {@code registering} are discarded once their registration timed out. */
    private void awaitNoRegistrationsLeft() {
        await("no invoice left registering").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(InvoiceRows.read(data).values())
                        .extracting(InvoiceRows.Row::state).doesNotContain("registering"));
    }

    /**
     * The invariants, on the BLC server and in Pay's database: each sale paid out exactly once (one
     * transfer in from its customer, one to the seller of price less fee, one of the fee, nothing else
     * and nothing left), the seller told of it; each orphan (an invoice no seller heard of) gone or
     * unpaid and empty; and every coin mined still where it should be.
     */
    private void assertBooksBalance(List<Shop.Sale> sales, Map<String, InvoiceRows.Row> orphans)
            throws IOException, InterruptedException {
        Map<String, InvoiceRows.Listed> listed = InvoiceRows.list(workDir, data);
        Map<String, InvoiceRows.Row> rows = InvoiceRows.read(data);
        assertThat(listed.keySet()).as("invoices the admin command lists").isEqualTo(rows.keySet());
        MasterSecret secret = MasterSecret.load(data.dir(), Map.of());
        long toSeller = 0;
        long fees = 0;
        for (Shop.Sale sale : sales) {
            long price = sale.order().price();
            long fee = price * FEE_PERCENT / 100;
            String customer = sale.order().customer().addr();
            assertThat(listed.get(sale.txnId())).isEqualTo(new InvoiceRows.Listed(sale.txnId(), "paid_out", "paid",
                    price, price));
            assertThat(rows.get(sale.txnId())).isEqualTo(new InvoiceRows.Row(sale.txnId(), "paid_out", sale.address(),
                    price, price, price - fee, fee));
            assertThat(blc.transactions(sale.address(), secret.derive("deposit", sale.address())))
                    .as("transfers of %s", sale.txnId())
                    .containsExactlyInAnyOrder(new BlcTransfer(sale.address(), price, customer),
                            new BlcTransfer(shop.payout.addr(), price - fee, sale.address()),
                            new BlcTransfer(feeAccount.addr(), fee, sale.address()));
            assertThat(blc.checkAddr(sale.address())).as("left at %s", sale.txnId()).isZero();
            assertThat(shop.notificationsOf(sale.txnId())).as("notifications of %s", sale.txnId())
                    .isNotEmpty().allSatisfy(notification -> assertThat(notification.fields())
                            .containsEntry("amount", Long.toString(price)).containsEntry("from", customer)
                            .containsEntry("status", "paid").containsEntry("sell_order", sale.order().id()));
            toSeller += price - fee;
            fees += fee;
        }
        assertThat(blc.checkAddr(shop.payout.addr())).as("seller's payout address").isEqualTo(toSeller);
        assertThat(blc.checkAddr(feeAccount.addr())).as("fee address").isEqualTo(fees);
        for (InvoiceRows.Row orphan : orphans.values()) {
            InvoiceRows.Listed now = listed.get(orphan.txnId());
            if (now != null) {
                assertThat(now).as("orphan %s", orphan.txnId())
                        .extracting(InvoiceRows.Listed::state, InvoiceRows.Listed::received)
                        .containsExactly("awaiting_payment", 0L);
            }
            assertThat(blc.checkAddr(orphan.address())).as("orphan %s", orphan.txnId()).isZero();
        }

        Set<String> depositAddresses = new HashSet<>();
        Stream.of(rows.values(), orphans.values()).flatMap(Collection::stream)
                .forEach(row -> depositAddresses.add(row.address()));
        long held = 0;
        for (String address : depositAddresses) {
            held += blc.checkAddr(address);
        }
        for (Shop.Account account : shop.accounts()) {
            held += blc.checkAddr(account.addr());
        }
        assertThat(held).as("coins held by the shop's accounts and Pay's deposit addresses")
                .isEqualTo(shop.minedCoins());
        assertThat(blc.totalCoins()).as("coins in existence").isEqualTo(shop.minedCoins());

        invoicesChecked.addAndGet(sales.size());
        orphansChecked.addAndGet(orphans.size());
        coinsMined.addAndGet(shop.minedCoins());
        coinsAccounted.addAndGet(held);
    }
}
