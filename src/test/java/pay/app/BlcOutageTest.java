package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pay.blc.server.BlcServer;
import pay.blc.server.BlcServerSettings;
import pay.invoice.Invoice;
import pay.invoice.InvoiceLimits;
import pay.invoice.InvoiceRequest;
import pay.store.InvoiceStore;

class BlcOutageTest {

    @Test
    void invoiceCreationAnswers503WithRetryAfterAndStoresNothingWhenTheBlcServerIsDown(@TempDir Path dataDir)
            throws Exception {
        String nobodyListens = "127.0.0.1:" + PayHarness.freePort();
        try (PayHarness pay = new PayHarness(dataDir, Map.of(), nobodyListens)) {
            HttpResponse<String> reply = pay.post(pay.order(5, "http://127.0.0.1:9/ipn", "b".repeat(40)));

            assertThat(reply.statusCode()).isEqualTo(503);
            assertThat(reply.headers().firstValue("Retry-After")).contains("30");
            assertThat(new ObjectMapper().readTree(reply.body()).get("error").asText()).isEqualTo("blc_unavailable");
            assertThat(pay.invoiceCount()).isZero();
        }
    }

    @Test
    void anInvoiceLeftRegisteringByAStopIsDiscardedAfterTheRegistrationTimeout(@TempDir Path dataDir) throws Exception {
        try (PayHarness pay = new PayHarness(dataDir, Map.of("pay.invoice.registration-timeout", "1s"))) {
            Instant longAgo = Instant.now().minusSeconds(5);
            InvoiceRequest request = InvoiceRequest.parse(pay.order(4, "http://127.0.0.1:9/ipn", "c".repeat(40)),
                    InvoiceLimits.DEFAULT);
            new InvoiceStore(pay.dataSource()).insert(Invoice.open("txn_cutshort", "key", "PAY-" + "C".repeat(36),
                    request, longAgo, longAgo.plusSeconds(900)));
            assertThat(pay.invoiceCount()).isEqualTo(1);

            await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoiceCount() == 0);
        }
    }

    @Test
    void readinessIsDownWhileTheBlcServerIsUnreachableAndUpWhenItIs(@TempDir Path dataDir) throws Exception {
        int blcPort = PayHarness.freePort();
        try (PayHarness pay = new PayHarness(dataDir, Map.of(), "127.0.0.1:" + blcPort)) {
            HttpResponse<String> down = pay.send(HttpRequest.newBuilder(pay.uri("/observe/health")).build());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("DOWN");

            try (BlcServer blc = BlcServer.start(BlcServerSettings.embedded(dataDir.resolve("blc.db"), 1)
                    .withPort(blcPort))) {
                HttpResponse<String> up = pay.send(HttpRequest.newBuilder(pay.uri("/observe/health")).build());
                assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
                assertThat(up.body()).contains("UP");
            }
        }
    }
}
