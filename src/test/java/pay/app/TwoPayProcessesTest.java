package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import pay.ClosingFigures;
import pay.invoice.InvoiceState;
import pay.store.DatabaseSettings;
import pay.store.PostgresSchema;

/**
 * Two Pays on one PostgreSQL database and one BLC server, as an admin scales Pay out: both watch every address,
 * both deliver and pay out, and each seller echo goes to both at once. Every invoice is still notified once and
 * paid out once, with its own amount. Skipped where no PostgreSQL answers.
 */
class TwoPayProcessesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int INVOICES = 16;

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema();
    @TempDir
    Path dataDir;
    final List<PayHarness> pays = new ArrayList<>();
    SellerServer seller;

    @AfterEach
    void stop() {
        if (seller != null) {
            seller.close();
        }
        pays.forEach(PayHarness::close);
    }

    @Test
    void twoPaysOnOneDatabaseNotifyAndPayOutEachInvoiceExactlyOnce() throws Exception {
        DatabaseSettings database = postgres.settings();
        Map<String, String> shared = Map.of("pay.db.url", database.jdbcUrl(), "pay.db.user", database.user());
        // One data folder: one master secret, from which both derive every deposit address's password.
        PayHarness first = new PayHarness(dataDir, shared);
        pays.add(first);
        PayHarness second = new PayHarness(dataDir, shared, first.app.blcEndpoint());
        pays.add(second);
        seller = new SellerServer();
        List<String> verdicts = new CopyOnWriteArrayList<>();
        seller.onReceive(notification -> {
            List<CompletableFuture<String>> echoes = pays.stream()
                    .map(pay -> CompletableFuture.supplyAsync(() -> pay.confirm(notification.echo())))
                    .toList();
            echoes.forEach(echo -> verdicts.add(echo.join()));
        });
        PayHarness.Account payout = first.account(0);

        Map<String, Long> prices = new LinkedHashMap<>();
        for (int i = 0; i < INVOICES; i++) {
            PayHarness creator = pays.get(i % 2);
            long price = 1 + i % 5;
            HttpResponse<String> created = creator.post(creator.order(price, seller.listenUrl(), payout.addr()));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode invoice = JSON.readTree(created.body());
            PayHarness.Account customer = first.account(price);
            first.blc.sendCoin(invoice.get("address").asText(), price, customer.addr(), customer.pwd());
            prices.put(invoice.get("txn_id").asText(), price);
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(prices.keySet())
                .allSatisfy(txnId -> assertThat(first.invoice(txnId).state()).isEqualTo(InvoiceState.PAID_OUT)));
        long total = prices.values().stream().mapToLong(Long::longValue).sum();
        long atTheSeller = first.blc.checkAddr(payout.addr());
        assertThat(atTheSeller).isEqualTo(total);
        assertThat(prices).allSatisfy((txnId, price) -> assertThat(first.invoice(txnId).paidOut()).isEqualTo(price));
        Map<String, Long> notified = seller.received().stream()
                .collect(Collectors.groupingBy(received -> received.fields().get("txn_id"), Collectors.counting()));
        assertThat(notified).as("notifications per invoice").containsOnlyKeys(prices.keySet())
                .allSatisfy((txnId, count) -> assertThat(count).isOne());
        assertThat(verdicts).hasSize(2 * INVOICES).containsOnly("VERIFIED");
        ClosingFigures.record("TwoPayProcesses", String.format("two Pays on one PostgreSQL: %d invoices, each"
                + " notified once, confirmed by both at once and paid out once; %d of %d coins at the seller",
                INVOICES, atTheSeller, total));
    }
}
