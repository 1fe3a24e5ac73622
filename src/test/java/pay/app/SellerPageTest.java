package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static pay.app.SellerPagesClient.elementText;
import static pay.app.SellerPagesClient.occurrences;
import static pay.app.SellerPagesClient.refusalReason;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pay.invoice.InvoiceState;
import pay.keys.ApiKeyStore;
import pay.keys.IssuedKey;

/**
 * The seller page over real HTTP: a seller's invoices after a real payment whose notification failed once, the
 * resend button, and nothing of another seller's.
 */
class SellerPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOSTILE = "<script>alert('sell')</script>";

    @TempDir
    static Path dataDir;
    static PayHarness pay;
    static SellerServer shop;
    static SellerPagesClient browser;
    static String paidTxnId;
    static String otherSellersTxnId;
    static IssuedKey otherSeller;

    @BeforeAll
    static void payOneInvoiceWhoseFirstNotificationFails() throws Exception {
        pay = new PayHarness(dataDir);
        shop = new SellerServer();
        browser = new SellerPagesClient(pay);
        shop.answer(500);
        PayHarness.Account customer = pay.account(5);

        Map<String, String> order = pay.order(5, shop.listenUrl(), pay.account(0).addr());
        order.put("sell_order", HOSTILE);
        String created = pay.post(order).body();
        paidTxnId = JSON.readTree(created).get("txn_id").asText();
        pay.blc.sendCoin(JSON.readTree(created).get("address").asText(), 5, customer.addr(), customer.pwd());

        otherSeller = new ApiKeyStore(pay.dataSource(), Clock.systemUTC()).create("other@example.com", null);
        Map<String, String> otherOrder = pay.order(7, shop.listenUrl(), pay.account(0).addr());
        otherOrder.put("api_key", otherSeller.secretKey());
        otherSellersTxnId = JSON.readTree(pay.post(otherOrder).body()).get("txn_id").asText();

        await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(paidTxnId).state() == InvoiceState.NOTIFIED);
    }

    @AfterAll
    static void stop() {
        shop.close();
        pay.close();
    }

    @Test
    void theKeyFormNeverTakesTheKeyFromTheUrl() throws Exception {
        HttpResponse<String> page = browser.get("/seller?api_key=" + pay.apiKey);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body()).contains("<form method=\"post\" action=\"/seller\"", "type=\"password\"")
                .doesNotContain(pay.apiKey, paidTxnId);
        assertThat(page.headers().map().toString()).doesNotContain(pay.apiKey, SellerPagesClient.PROBE_VALUE);
    }

    @Test
    void theSellerPageListsOnlyTheKeysOwnInvoicesWithTheirDeliveryAttempts() throws Exception {
        HttpResponse<String> page = browser.sellerPage(pay.apiKey);

        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains(paidTxnId, "<span class=\"badge\">notified</span>",
                        "<span class=\"badge\">paid</span>", "5 BLC")
                .contains("Attempt 1", "HTTP 500", "Attempt 2", "HTTP 200")
                .doesNotContain(otherSellersTxnId, "7 BLC");
        assertThat(page.body().indexOf("Attempt 1")).isLessThan(page.body().indexOf("Attempt 2"));
        assertThat(occurrences(page.body(), pay.apiKey)).as("the key goes back only in the form's hidden field").isOne();
        assertThat(page.headers().map().toString()).doesNotContain(pay.apiKey);
    }

    @Test
    void hostileSellFieldsAreShownEscaped() throws Exception {
        String page = browser.sellerPage(pay.apiKey).body();

        assertThat(page).doesNotContain("<script").contains("&lt;script&gt;alert(&#39;sell&#39;)&lt;/script&gt;");
    }

    @Test
    void resendDeliversTheNotificationAgainAndReturnsToTheList() throws Exception {
        int deliveredBefore = shop.received().size();

        HttpResponse<String> page = browser.resend(pay.apiKey, paidTxnId);

        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(elementText(page.body(), "notice")).contains("being sent again");
        assertThat(page.body()).contains(paidTxnId, "resend, moved to paid");
        await().atMost(Duration.ofSeconds(20)).until(() -> shop.received().size() > deliveredBefore);
        assertThat(shop.received().get(shop.received().size() - 1).fields()).containsEntry("txn_id", paidTxnId)
                .containsEntry("redelivery", "true");
        await().atMost(Duration.ofSeconds(20)).until(() -> pay.invoice(paidTxnId).state() == InvoiceState.NOTIFIED);
    }

    @Test
    void resendOfAnotherSellersInvoiceIsAnsweredAsIfItDidNotExist() throws Exception {
        HttpResponse<String> othersInvoice = browser.resend(pay.apiKey, otherSellersTxnId);
        HttpResponse<String> noInvoice = browser.resend(pay.apiKey, "txn_doesnotexist");

        assertThat(othersInvoice.statusCode()).isEqualTo(404);
        assertThat(noInvoice.statusCode()).isEqualTo(404);
        assertThat(elementText(othersInvoice.body(), "seller-error"))
                .isEqualTo(elementText(noInvoice.body(), "seller-error").replace("txn_doesnotexist", otherSellersTxnId));
        assertThat(refusalReason(othersInvoice.body())).isEqualTo("unknown_invoice");
        assertThat(pay.admin().actions(otherSellersTxnId)).isEmpty();
    }

    @Test
    void anUnknownOrRevokedKeyGets401() throws Exception {
        ApiKeyStore keys = new ApiKeyStore(pay.dataSource(), Clock.systemUTC());
        IssuedKey revoked = keys.create("revoked@example.com", null);
        keys.revoke(revoked.key().id());

        HttpResponse<String> unknown = browser.sellerPage("pk_aaaaaaaa_" + "A".repeat(ApiKeyStore.SECRET_LENGTH));
        HttpResponse<String> revokedPage = browser.sellerPage(revoked.secretKey());
        HttpResponse<String> missing = browser.post("/seller", Map.of());
        HttpResponse<String> revokedResend = browser.resend(revoked.secretKey(), paidTxnId);

        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(revokedPage.statusCode()).isEqualTo(401);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(revokedResend.statusCode()).isEqualTo(401);
        assertThat(elementText(revokedPage.body(), "seller-error")).isEqualTo("This API key is unknown or revoked."
                + " Paste the whole key, starting with pk_.");
        assertThat(refusalReason(unknown.body())).isEqualTo(refusalReason(revokedPage.body())).isEqualTo("unknown_api_key");
        assertThat(revokedPage.body()).doesNotContain(revoked.secretKey(), paidTxnId);
    }
}
