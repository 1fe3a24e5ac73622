package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pay.invoice.NotificationAttempt;

/** No server-side request forgery through listen_url, at invoice creation and at every delivery. */
class ListenUrlGuardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> PRODUCTION = Map.of("pay.notify.allow-loopback", "false");
    private static final String PAYOUT = "p".repeat(40);

    @TempDir
    static Path productionDataDir;
    static PayHarness production;

    @BeforeAll
    static void start() throws Exception {
        production = new PayHarness(productionDataDir, PRODUCTION);
    }

    @AfterAll
    static void stop() {
        production.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:%d/ipn", "http://localhost:%d/ipn", "http://[::1]:%d/ipn",
            "http://169.254.169.254:%d/latest/meta-data/", "http://10.1.2.3:%d/ipn", "http://2130706433:%d/ipn"})
    void anInvoiceWhoseListenUrlLeadsInsideIsRefusedAndNotStored(String listenUrl) throws Exception {
        long before = production.invoiceCount();

        HttpResponse<String> reply = production.post(production.order(5, listenUrl.formatted(PayHarness.freePort()), PAYOUT));

        assertThat(reply.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(reply.body());
        assertThat(error.get("error").asText()).isEqualTo("forbidden_listen_url");
        assertThat(error.get("field").asText()).isEqualTo("listen_url");
        assertThat(production.invoiceCount()).isEqualTo(before);
    }

    @Test
    void anInvoiceWhoseListenUrlIsPublicIsAccepted() throws Exception {
        // A documentation address: the invoice is never paid, so it is never called.
        assertThat(production.post(production.order(5, "http://203.0.113.10/ipn", PAYOUT)).statusCode()).isEqualTo(201);
    }

    @Test
    void aListenUrlThatBecameForbiddenAfterCreationIsNeverCalledAndEachAttemptIsLoggedAsForbidden(@TempDir Path dataDir)
            throws Exception {
        try (SellerServer seller = new SellerServer()) {
            String txnId;
            String address;
            try (PayHarness allowingLoopback = new PayHarness(dataDir)) {
                HttpResponse<String> created = allowingLoopback.post(
                        allowingLoopback.order(3, seller.listenUrl(), allowingLoopback.account(0).addr()));
                assertThat(created.statusCode()).isEqualTo(201);
                txnId = JSON.readTree(created.body()).get("txn_id").asText();
                address = JSON.readTree(created.body()).get("address").asText();
            }
            // Same data, restarted as production runs it: as if the host's DNS now pointed inside.
            try (PayHarness pay = new PayHarness(dataDir, PRODUCTION)) {
                PayHarness.Account customer = pay.account(3);

                pay.blc.sendCoin(address, 3, customer.addr(), customer.pwd());

                // the first attempt and the three retries of the harness's schedule
                await().atMost(Duration.ofSeconds(20)).until(() -> pay.invoices().attempts(txnId).size() == 4);
                assertThat(pay.invoices().attempts(txnId)).extracting(NotificationAttempt::httpStatus, NotificationAttempt::error)
                        .containsOnly(org.assertj.core.groups.Tuple.tuple(null, "forbidden_listen_url"));
                assertThat(seller.received()).isEmpty();
            }
        }
    }
}
