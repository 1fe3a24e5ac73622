package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /checkout/{txn_id} and its status, through the real routes over real HTTP and a real BLC server. */
class CheckoutPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELLER_SECRET = "wholesale-cost-7f3a9c";

    @TempDir
    Path dataDir;
    PayHarness pay;
    SellerServer seller;
    PayHarness.Account sellerWallet;

    private void start(Map<String, String> properties) throws Exception {
        pay = new PayHarness(dataDir, properties);
        seller = new SellerServer();
        sellerWallet = pay.account(0);
    }

    @AfterEach
    void stop() {
        if (seller != null) {
            seller.close();
        }
        if (pay != null) {
            pay.close();
        }
    }

    private JsonNode createInvoice(long price) throws Exception {
        Map<String, String> order = pay.order(price, seller.listenUrl(), sellerWallet.addr());
        order.put("sell_cost", SELLER_SECRET);
        HttpResponse<String> created = pay.post(order);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return pay.send(HttpRequest.newBuilder(pay.uri(path)).GET().build());
    }

    private JsonNode status(String txnId) throws Exception {
        HttpResponse<String> reply = get("/checkout/" + txnId + "/status");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return JSON.readTree(reply.body());
    }

    @Test
    void theInvoiceReplyCarriesTheAbsoluteUrlOfItsCheckoutPage() throws Exception {
        start(Map.of());
        JsonNode invoice = createInvoice(5);

        String checkoutUrl = invoice.get("checkout_url").asText();

        assertThat(checkoutUrl).isEqualTo(pay.uri("/checkout/" + invoice.get("txn_id").asText()).toString());
        assertThat(get(checkoutUrl.substring(checkoutUrl.indexOf("/checkout/"))).statusCode()).isEqualTo(200);
    }

    @Test
    void theCheckoutUrlStartsWithTheConfiguredPublicUrl() throws Exception {
        start(Map.of("pay.public-url", "https://pay.shop.example/"));

        JsonNode invoice = createInvoice(5);

        assertThat(invoice.get("checkout_url").asText())
                .isEqualTo("https://pay.shop.example/checkout/" + invoice.get("txn_id").asText());
    }

    @Test
    void thePageShowsPriceAddressPaymentQrCodeExpiryAndStatusWithoutScript() throws Exception {
        start(Map.of());
        JsonNode invoice = createInvoice(7);
        String address = invoice.get("address").asText();

        HttpResponse<String> page = get("/checkout/" + invoice.get("txn_id").asText());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        String html = page.body();
        assertThat(html).contains("<span id=\"price\">7</span> BLC", "<code id=\"address\">" + address + "</code>",
                "href=\"bloocoin:" + address + "?amount&#61;7\"", "<svg ", "class=\"qr-code\"",
                "<h1 id=\"status-headline\">Awaiting payment</h1>",
                "datetime=\"" + invoice.get("expires_at").asText() + "\"", "name=\"viewport\"",
                "<noscript><meta http-equiv=\"refresh\"");
        assertThat(html).as("no resource to load of any kind").doesNotContain("src=", "<link", "@import", "url(");
    }

    @Test
    void neitherThePageNorItsStatusShowTheSellersOwnFields() throws Exception {
        start(Map.of());
        JsonNode invoice = createInvoice(5);
        String txnId = invoice.get("txn_id").asText();

        String page = get("/checkout/" + txnId).body();
        String status = get("/checkout/" + txnId + "/status").body();

        for (String reply : List.of(page, status)) {
            assertThat(reply).doesNotContain(SELLER_SECRET, "sell_cost", sellerWallet.addr(), seller.listenUrl(), "pk_");
        }
    }

    @Test
    void anUnknownInvoiceGetsANotFoundPageThatDoesNotRepeatTheRequest() throws Exception {
        start(Map.of());

        HttpResponse<String> page = get("/checkout/txn_%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        HttpResponse<String> status = get("/checkout/txn_nope/status");

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("Invoice not found").doesNotContain("script", "alert");
        assertThat(status.statusCode()).isEqualTo(404);
        assertThat(status.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(status.body()).get("error").asText()).isEqualTo("unknown_invoice");
    }

    @Test
    void theStatusFollowsARealPaymentFromAwaitingToPaidToConfirmedAndPaidOut() throws Exception {
        start(Map.of());
        JsonNode invoice = createInvoice(10);
        String txnId = invoice.get("txn_id").asText();
        String address = invoice.get("address").asText();
        PayHarness.Account customer = pay.account(10);
        List<String> seen = new ArrayList<>();

        JsonNode awaiting = status(txnId);
        assertThat(awaiting.get("status").asText()).isEqualTo("awaiting");
        assertThat(awaiting.get("state").asText()).isEqualTo("awaiting_payment");
        assertThat(awaiting.get("payable").asBoolean()).isTrue();
        assertThat(awaiting.get("received").asLong()).isZero();
        assertThat(awaiting.get("price").asLong()).isEqualTo(10);
        assertThat(awaiting.get("expires_at").asText()).isEqualTo(invoice.get("expires_at").asText());

        pay.blc.sendCoin(address, 4, customer.addr(), customer.pwd());
        await().atMost(Duration.ofSeconds(10)).until(() -> status(txnId).get("received").asLong() == 4);
        JsonNode partly = status(txnId);
        assertThat(partly.get("status").asText()).isEqualTo("awaiting");
        assertThat(partly.get("headline").asText()).isEqualTo("Partly paid");
        assertThat(partly.get("detail").asText()).contains("4 of 10 BLC", "remaining 6 BLC");

        pay.blc.sendCoin(address, 6, customer.addr(), customer.pwd());
        await().atMost(Duration.ofSeconds(10)).until(() -> record(seen, status(txnId)).equals("paid"));
        JsonNode paid = status(txnId);
        assertThat(paid.get("received").asLong()).isEqualTo(10);
        assertThat(paid.get("payable").asBoolean()).isFalse();
        assertThat(paid.get("settled").asBoolean()).isFalse();

        await().atMost(Duration.ofSeconds(10)).until(() -> !seller.received().isEmpty());
        assertThat(pay.post(seller.received().get(0).echo(), "text/plain").body()).isEqualTo("VERIFIED");
        await().atMost(Duration.ofSeconds(20)).until(() -> record(seen, status(txnId)).equals("paid_out"));

        assertThat(status(txnId).get("settled").asBoolean()).isTrue();
        assertThat(seen).containsSubsequence("paid", "paid_out").doesNotContain("expired", "underpaid")
                .endsWith("paid_out");
        String settledPage = get("/checkout/" + txnId).body();
        assertThat(settledPage).contains("<h1 id=\"status-headline\">Paid out</h1>")
                .doesNotContain("http-equiv=\"refresh\"");
    }

    /** Remembers each status key seen while waiting, in order, and returns the latest. */
    private static String record(List<String> seen, JsonNode status) {
        String key = status.get("status").asText();
        if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(key)) {
            seen.add(key);
        }
        return key;
    }

    @Test
    void anInvoiceThatRanOutOfTimeIsShownAsExpiredAndNoLongerPayable() throws Exception {
        start(Map.of("pay.invoice.expiry", "1s"));
        String txnId = createInvoice(5).get("txn_id").asText();

        await().atMost(Duration.ofSeconds(10)).until(() -> status(txnId).get("status").asText().equals("expired"));

        assertThat(status(txnId).get("payable").asBoolean()).isFalse();
        assertThat(get("/checkout/" + txnId).body()).contains("<h1 id=\"status-headline\">Expired</h1>",
                "data-payable=\"false\"");
    }

    @Test
    void everyReplyIsUncachedUnframedAndEchoesNoRequestHeader() throws Exception {
        start(Map.of());
        String txnId = createInvoice(5).get("txn_id").asText();

        for (String path : List.of("/checkout/" + txnId, "/checkout/" + txnId + "/status", "/checkout/txn_none",
                "/checkout/txn_none/status")) {
            HttpResponse<String> reply = pay.send(HttpRequest.newBuilder(pay.uri(path + "?api_key=pk_leak"))
                    .header("X-Customer-Secret", "s3cret").header("Cookie", "session=abc").GET().build());

            assertThat(reply.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
            assertThat(reply.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(reply.headers().firstValue("Content-Security-Policy")).as(path).get().asString()
                    .startsWith("default-src 'none';").contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval", "*");
            assertThat(reply.headers().map().keySet()).as(path)
                    .noneMatch(name -> name.equalsIgnoreCase("X-Customer-Secret") || name.equalsIgnoreCase("Cookie")
                            || name.equalsIgnoreCase("api_key") || name.equalsIgnoreCase("txn_id")
                            || name.toLowerCase().startsWith("camel"));
            assertThat(reply.headers().map().values().toString()).as(path).doesNotContain("s3cret", "pk_leak");
        }
    }

    @Test
    void thePolicyAllowsExactlyThePagesOwnInlineScriptAndStyle() throws Exception {
        start(Map.of());
        String txnId = createInvoice(5).get("txn_id").asText();

        HttpResponse<String> page = get("/checkout/" + txnId);

        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("script-src '" + sha256(inline("script", page.body())) + "'")
                .contains("style-src '" + sha256(inline("style", page.body())) + "'")
                .contains("connect-src 'self'");
        assertThat(page.body()).doesNotContain(" style=\"", " onclick=");
    }

    @Test
    void onlyGetIsServed() throws Exception {
        start(Map.of());
        String txnId = createInvoice(5).get("txn_id").asText();

        HttpResponse<String> post = pay.send(HttpRequest.newBuilder(pay.uri("/checkout/" + txnId))
                .POST(HttpRequest.BodyPublishers.ofString("x=1")).build());

        assertThat(post.statusCode()).isEqualTo(405);
    }

    private static String inline(String element, String html) {
        Matcher matcher = Pattern.compile("<" + element + ">(.*?)</" + element + ">", Pattern.DOTALL).matcher(html);
        assertThat(matcher.find()).as("one inline <%s>", element).isTrue();
        String content = matcher.group(1);
        assertThat(matcher.find()).as("only one inline <%s>", element).isFalse();
        return content;
    }

    private static String sha256(String content) throws Exception {
        return "sha256-" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }
}
