package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pay.ClosingFigures;
import pay.invoice.InvoiceState;
import pay.keys.ApiKeyStore;

/**
 * Two sellers, each with its own key, listen_url and payout address, sell at once and their customers pay at
 * once: every seller hears of exactly its own invoices, each notification carries its own invoice's amount,
 * sender and fields, and each seller is paid exactly what its customers paid.
 */
class ConcurrentPaymentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ORDERS_PER_SELLER = 12;

    @TempDir
    Path dataDir;
    PayHarness pay;
    final List<SellerServer> sellers = new ArrayList<>();

    /** One order as the seller placed it and the customer paid it. */
    record Sale(int seller, String order, long price, String txnId, String address, PayHarness.Account customer) {
    }

    @AfterEach
    void stop() {
        sellers.forEach(SellerServer::close);
        if (pay != null) {
            pay.close();
        }
    }

    @Test
    void concurrentSalesOfTwoSellersAreNeitherLostNorCrossed() throws Exception {
        pay = new PayHarness(dataDir);
        List<String> keys = List.of(pay.apiKey,
                new ApiKeyStore(pay.dataSource(), Clock.systemUTC()).create("other@example.com", null).secretKey());
        List<PayHarness.Account> payouts = List.of(pay.account(0), pay.account(0));
        for (int i = 0; i < 2; i++) {
            SellerServer seller = new SellerServer();
            seller.onReceive(notification -> pay.confirm(notification.echo()));
            sellers.add(seller);
        }

        ExecutorService shop = Executors.newFixedThreadPool(8);
        List<Callable<Sale>> orders = new ArrayList<>();
        for (int seller = 0; seller < 2; seller++) {
            for (int i = 0; i < ORDERS_PER_SELLER; i++) {
                int s = seller;
                long price = 2 + i;
                String order = "s" + seller + "-order-" + i;
                orders.add(() -> sell(s, keys.get(s), payouts.get(s).addr(), order, price));
            }
        }
        List<Sale> sales = new ArrayList<>();
        for (Future<Sale> sale : shop.invokeAll(orders)) {
            sales.add(sale.get());
        }
        List<Callable<Void>> payments = sales.stream().<Callable<Void>>map(sale -> () -> {
            pay.blc.sendCoin(sale.address(), sale.price(), sale.customer().addr(), sale.customer().pwd());
            return null;
        }).toList();
        for (Future<Void> payment : shop.invokeAll(payments)) {
            payment.get();
        }
        shop.shutdown();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(sales)
                .allSatisfy(sale -> assertThat(pay.invoice(sale.txnId()).state()).isEqualTo(InvoiceState.PAID_OUT)));
        for (int seller = 0; seller < 2; seller++) {
            int s = seller;
            Map<String, Sale> own = sales.stream().filter(sale -> sale.seller() == s)
                    .collect(Collectors.toMap(Sale::txnId, sale -> sale));
            List<SellerServer.Received> received = sellers.get(seller).received();
            assertThat(received).extracting(r -> r.fields().get("txn_id")).as("seller %d heard of", seller)
                    .containsExactlyInAnyOrderElementsOf(own.keySet());
            assertThat(received).allSatisfy(notification -> {
                Sale sale = own.get(notification.fields().get("txn_id"));
                assertThat(notification.fields()).containsEntry("amount", Long.toString(sale.price()))
                        .containsEntry("from", sale.customer().addr()).containsEntry("sell_order", sale.order())
                        .containsEntry("status", "paid");
            });
            long paid = own.values().stream().mapToLong(Sale::price).sum();
            assertThat(pay.blc.checkAddr(payouts.get(seller).addr())).as("seller %d paid out", seller).isEqualTo(paid);
        }
        assertThat(sales).allSatisfy(sale -> assertThat(pay.blc.checkAddr(sale.address())).isZero());
        ClosingFigures.record("ConcurrentPayments", String.format("concurrent payments: 2 sellers, %d invoices created"
                + " and paid at once, each notified to its own seller and paid out once, none lost or crossed",
                sales.size()));
    }

    private Sale sell(int seller, String apiKey, String payoutAddr, String order, long price) throws Exception {
        PayHarness.Account customer = pay.account(price);
        Map<String, String> fields = new LinkedHashMap<>(pay.order(price, sellers.get(seller).listenUrl(), payoutAddr));
        fields.put("api_key", apiKey);
        fields.put("sell_order", order);
        HttpResponse<String> created = pay.post(fields);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode invoice = JSON.readTree(created.body());
        return new Sale(seller, order, price, invoice.get("txn_id").asText(), invoice.get("address").asText(),
                customer);
    }
}
