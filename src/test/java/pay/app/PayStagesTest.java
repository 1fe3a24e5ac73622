package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pay.invoice.InvoiceState;
import pay.invoice.NotificationAttempt;

/** Each stage of the diagram on its own, through the packaged routes over real HTTP and TCP. */
class PayStagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    PayHarness pay;
    SellerServer seller;
    PayHarness.Account sellerWallet;

    @BeforeEach
    void start() throws Exception {
        pay = new PayHarness(dataDir);
        seller = new SellerServer();
        sellerWallet = pay.account(0);
    }

    @AfterEach
    void stop() {
        seller.close();
        pay.close();
    }

    private JsonNode createInvoice(long price) throws Exception {
        HttpResponse<String> created = pay.post(pay.order(price, seller.listenUrl(), sellerWallet.addr()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body());
    }

    @Test
    void aPartialPaymentWaitsAndTheCompletingOneFromASecondSenderPays() throws Exception {
        JsonNode invoice = createInvoice(10);
        String address = invoice.get("address").asText();
        String txnId = invoice.get("txn_id").asText();
        PayHarness.Account first = pay.account(4);
        PayHarness.Account second = pay.account(6);

        pay.blc.sendCoin(address, 4, first.addr(), first.pwd());
        await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(txnId).received() == 4);
        assertThat(pay.invoice(txnId).state()).isEqualTo(InvoiceState.AWAITING_PAYMENT);
        assertThat(seller.received()).isEmpty();

        pay.blc.sendCoin(address, 6, second.addr(), second.pwd());
        await().atMost(Duration.ofSeconds(30)).until(() -> seller.received().size() == 1);
        Map<String, String> notified = seller.received().get(0).fields();
        assertThat(notified).containsEntry("amount", "10").containsEntry("status", "paid")
                .containsEntry("from", first.addr() + "," + second.addr());
    }

    @Test
    void aSellerAnswering500IsRetriedUntilItAnswers200() throws Exception {
        seller.answer(500, 503);
        JsonNode invoice = createInvoice(3);
        String txnId = invoice.get("txn_id").asText();
        PayHarness.Account customer = pay.account(3);

        pay.blc.sendCoin(invoice.get("address").asText(), 3, customer.addr(), customer.pwd());

        await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(txnId).state() == InvoiceState.NOTIFIED);
        assertThat(seller.received()).extracting(r -> r.fields().get("attempt")).containsExactly("1", "2", "3");
        assertThat(seller.received()).extracting(r -> r.fields().get("redelivery")).containsExactly("false", "true", "true");
        assertThat(seller.received()).extracting(r -> r.fields().get("notification_id")).containsOnly(
                seller.received().get(0).fields().get("notification_id"));
        assertThat(seller.received()).extracting(r -> r.fields().get("delivery_id")).doesNotHaveDuplicates();
        assertThat(pay.invoices().attempts(txnId)).extracting(NotificationAttempt::httpStatus, NotificationAttempt::error)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(500, "HTTP 500"),
                        org.assertj.core.groups.Tuple.tuple(503, "HTTP 503"),
                        org.assertj.core.groups.Tuple.tuple(200, null));
    }

    @Test
    void anEchoForAnUnknownInvoiceIsInvalid() throws Exception {
        HttpResponse<String> verdict = pay.post(Map.of("_confirm", "1", "txn_id", "txn_nosuchinvoice\nforged log line",
                "amount", "5"), "text/plain");

        assertThat(verdict.statusCode()).isEqualTo(200);
        assertThat(verdict.body()).isEqualTo("INVALID");
    }

    @Test
    void aForgedEchoIsInvalidAndPaysNothing() throws Exception {
        JsonNode invoice = createInvoice(5);
        String txnId = invoice.get("txn_id").asText();
        String address = invoice.get("address").asText();
        PayHarness.Account customer = pay.account(5);
        pay.blc.sendCoin(address, 5, customer.addr(), customer.pwd());
        await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(txnId).state() == InvoiceState.NOTIFIED);

        Map<String, String> forged = seller.received().get(0).echo();
        forged.put("amount", "500");
        HttpResponse<String> verdict = pay.post(forged, "text/plain");

        assertThat(verdict.statusCode()).isEqualTo(200);
        assertThat(verdict.body()).isEqualTo("INVALID");
        assertThat(pay.invoice(txnId).state()).isEqualTo(InvoiceState.NOTIFIED);
        assertThat(pay.blc.checkAddr(address)).isEqualTo(5);
        assertThat(pay.blc.checkAddr(sellerWallet.addr())).isZero();

        Map<String, String> genuine = seller.received().get(0).echo();
        HttpResponse<String> json = pay.post(genuine, "application/json");
        assertThat(JSON.readTree(json.body()).get("verdict").asText()).isEqualTo("VERIFIED");
        await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(txnId).state() == InvoiceState.PAID_OUT);
        assertThat(pay.blc.checkAddr(sellerWallet.addr())).isEqualTo(5);
        assertThat(pay.post(genuine, "text/plain").body()).as("a replay after payout").isEqualTo("VERIFIED");
        assertThat(pay.blc.checkAddr(sellerWallet.addr())).isEqualTo(5);
    }

    @Test
    void aJsonBodyIsAcceptedAndAFormReplyGivenWhenAsked() throws Exception {
        String json = JSON.writeValueAsString(pay.order(7, seller.listenUrl(), sellerWallet.addr()))
                .replace("\"7\"", "7");
        HttpResponse<String> fromJson = pay.postJson(json);
        assertThat(fromJson.statusCode()).as(fromJson.body()).isEqualTo(201);
        assertThat(JSON.readTree(fromJson.body()).get("price").asLong()).isEqualTo(7);

        HttpResponse<String> asForm = pay.post(pay.order(8, seller.listenUrl(), sellerWallet.addr()),
                "application/x-www-form-urlencoded");
        assertThat(asForm.statusCode()).isEqualTo(201);
        assertThat(SellerServer.decode(asForm.body())).containsKeys("address", "price", "txn_id")
                .containsEntry("price", "8");
    }

    @Test
    void aDuplicatedFieldOrMalformedJsonIsRefused() throws Exception {
        HttpResponse<String> malformed = pay.postJson("{\"price\": [1]}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).get("error").asText()).isEqualTo("invalid_json");
        assertThat(pay.invoiceCount()).isZero();
    }
}
