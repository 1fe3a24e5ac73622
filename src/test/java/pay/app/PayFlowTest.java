package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pay.invoice.InvoiceState;

/** The whole diagram, steps 2 to 6c, through real HTTP, a real BLC server over TCP and a real seller. */
class PayFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    PayHarness pay;
    SellerServer seller;

    @BeforeEach
    void start() throws Exception {
        pay = new PayHarness(dataDir);
        seller = new SellerServer();
    }

    @AfterEach
    void stop() {
        seller.close();
        pay.close();
    }

    @Test
    void aPaidInvoiceIsNotifiedConfirmedAndPaidOutToTheSeller() throws Exception {
        PayHarness.Account sellerWallet = pay.account(0);
        PayHarness.Account customer = pay.account(12);
        long totalBefore = pay.blc.totalCoins();

        Map<String, String> order = pay.order(10, seller.listenUrl(), sellerWallet.addr());
        order.put("sell_order", "book-42");
        order.put("sell_note", "gift wrap, please & thanks ü");
        HttpResponse<String> created = pay.post(order);

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode invoice = JSON.readTree(created.body());
        String address = invoice.get("address").asText();
        String txnId = invoice.get("txn_id").asText();
        assertThat(address).hasSize(40).startsWith("PAY-");
        assertThat(invoice.get("price").asLong()).isEqualTo(10);
        assertThat(created.headers().map()).doesNotContainKeys("api_key", "price", "listen_url");

        // Step 6a inside the seller's listener: echo the notification back before answering, as PayPal sellers do.
        Map<String, String> verdicts = new LinkedHashMap<>();
        seller.onReceive(received -> {
            verdicts.put(received.fields().get("attempt"), pay.confirm(received.echo()));
        });

        pay.blc.sendCoin(address, 10, customer.addr(), customer.pwd());

        await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(txnId).state() == InvoiceState.PAID_OUT);
        assertThat(seller.received()).hasSize(1);
        SellerServer.Received notification = seller.received().get(0);
        assertThat(notification.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(notification.fields()).containsOnlyKeys("amount", "from", "txn_id", "status", "notification_id",
                "sell_note", "sell_order", "delivery_id", "attempt", "redelivery");
        assertThat(notification.fields()).containsEntry("amount", "10").containsEntry("from", customer.addr())
                .containsEntry("txn_id", txnId).containsEntry("status", "paid")
                .containsEntry("sell_note", "gift wrap, please & thanks ü").containsEntry("sell_order", "book-42")
                .containsEntry("attempt", "1").containsEntry("redelivery", "false");
        assertThat(notification.fields().get("notification_id")).startsWith("ntf_");
        assertThat(notification.fields().get("delivery_id")).startsWith("dlv_");
        assertThat(verdicts).containsExactly(Map.entry("1", "VERIFIED"));

        assertThat(pay.blc.checkAddr(sellerWallet.addr())).isEqualTo(10);
        assertThat(pay.blc.checkAddr(address)).isZero();
        assertThat(pay.blc.checkAddr(customer.addr())).isEqualTo(2);
        assertThat(pay.blc.totalCoins()).isEqualTo(totalBefore);
        assertThat(pay.invoice(txnId).paidOut()).isEqualTo(10);

        HttpResponse<String> metrics = pay.send(HttpRequest.newBuilder(pay.uri("/observe/metrics")).build());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("pay_invoices{state=\"paid_out\"} 1.0",
                "pay_notifications_total{camelContext=\"pay\",outcome=\"delivered\"} 1.0",
                "pay_payouts_total{camelContext=\"pay\"} 1.0",
                "pay_watch_cycle_seconds_count", "pay_blc_poll_seconds_count");
    }
}
