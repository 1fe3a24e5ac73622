package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import pay.invoice.Invoice;
import pay.invoice.InvoiceState;

/**
 * Pay judges a form by the fields the client sent, each name and value exactly as percent-decoding gives it:
 * no name is trimmed, dropped for looking like a Camel header, or merged with one that differs only in case,
 * no field is taken for an HTTP header, and bytes that are not UTF-8 are refused rather than replaced. Over real HTTP, against echoes of a delivered
 * notification (6a) and invoice requests (2). The genuine echo is verified last, so every refusal before it
 * could have been a VERIFIED.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExactFormFieldsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String LISTEN_URL = "http://127.0.0.1:9/ipn";
    private static final String PAYOUT = "p".repeat(40);

    @TempDir
    static Path dataDir;
    static PayHarness pay;
    static SellerServer seller;
    static String txnId;
    /** The notification's body as Pay sent it, with {@code _confirm=1} added: the genuine echo. */
    static String genuineEcho;
    static Invoice notified;

    @BeforeAll
    static void start() throws Exception {
        pay = new PayHarness(dataDir);
        seller = new SellerServer();
        Map<String, String> order = pay.order(3, seller.listenUrl(), PAYOUT);
        order.put("sell_note", "gift wrap");
        JsonNode invoice = JSON.readTree(pay.post(order).body());
        txnId = invoice.get("txn_id").asText();
        PayHarness.Account customer = pay.account(3);
        pay.blc.sendCoin(invoice.get("address").asText(), 3, customer.addr(), customer.pwd());
        await().atMost(Duration.ofSeconds(20)).until(() -> pay.invoice(txnId).state() == InvoiceState.NOTIFIED);
        genuineEcho = seller.received().get(0).rawBody() + "&_confirm=1";
        notified = pay.invoice(txnId);
    }

    @AfterAll
    static void stop() {
        seller.close();
        pay.close();
    }

    static Stream<Arguments> changedEchoes() {
        return Stream.of(
                changed("txn_id renamed with a trailing space", rename("txn_id", "txn_id+")),
                changed("txn_id renamed with a leading space", rename("txn_id", "%20txn_id")),
                changed("sell_note renamed with a trailing space", rename("sell_note", "sell_note%20")),
                changed("txn_id renamed with a trailing tab", rename("txn_id", "txn_id%09")),
                changed("txn_id renamed with a trailing line feed", rename("txn_id", "txn_id%0A")),
                changed("amount renamed Amount", rename("amount", "Amount")),
                changed("an extra field CamelFoo", echo -> echo + "&CamelFoo=1"),
                changed("an extra field camelfoo", echo -> echo + "&camelfoo=1"),
                changed("an extra field Host", echo -> echo + "&Host=127.0.0.1"),
                changed("an extra field Content-Type", echo -> echo + "&Content-Type=text%2Fplain"),
                changed("an extra field Accept (the reply stays text)", echo -> echo + "&Accept=application%2Fjson"),
                changed("an extra field AMOUNT equal to amount", echo -> echo + "&AMOUNT=3"));
    }

    private static Arguments changed(String what, UnaryOperator<String> change) {
        return Arguments.of(what, change);
    }

    /** The echo with one field's encoded name replaced, its value kept. */
    private static UnaryOperator<String> rename(String name, String encodedNewName) {
        return echo -> {
            String renamed = echo.replaceFirst("(^|&)" + name + "=", "$1" + encodedNewName + "=");
            assertThat(renamed).as("%s is in the echo", name).isNotEqualTo(echo);
            return renamed;
        };
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("changedEchoes")
    void anEchoWhoseFieldsDifferIsInvalidAndChangesNothing(String what, UnaryOperator<String> change) throws Exception {
        HttpResponse<String> reply = postForm(change.apply(genuineEcho));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("INVALID");
        assertUnchanged();
    }

    @Order(1)
    @ParameterizedTest(name = "{0} -> {2} {1}")
    @CsvSource(delimiter = '|', value = {
            "CamelFoo=1|unknown_field|CamelFoo",
            "camelfoo=1|unknown_field|camelfoo",
            "Host=127.0.0.1|unknown_field|Host",
            "PRICE=5|unknown_field|PRICE",
            "sell_note+=gift|invalid_sell_field|'sell_note '",
            "%20sell_note=gift|unknown_field|' sell_note'",
    })
    void anInvoiceRequestWithAFieldPayDoesNotTakeIsRefusedByItsExactName(String extra, String reason, String field)
            throws Exception {
        long before = pay.invoiceCount();

        HttpResponse<String> reply = postForm(PayHarness.form(pay.order(5, LISTEN_URL, PAYOUT)) + "&" + extra);

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(reply.body());
        assertThat(error.get("error").asText()).isEqualTo(reason);
        assertThat(error.get("field").asText()).isEqualTo(field);
        assertThat(pay.invoiceCount()).isEqualTo(before);
    }

    static Stream<Arguments> undecodableBodies() {
        String order = PayHarness.form(pay.order(5, LISTEN_URL, PAYOUT));
        byte[] jsonOrder = (jsonOf(pay.order(5, LISTEN_URL, PAYOUT)).replace("}", ",\"sell_note\":\"~\"}"))
                .getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                undecodable("an echo ending in a broken % escape", FORM, utf8(genuineEcho + "%")),
                undecodable("an order ending in a broken % escape", FORM, utf8(order + "&sell_note=100%")),
                undecodable("an order ending in a % escape of one digit", FORM, utf8(order + "&sell_note=a%2")),
                undecodable("an order with an escaped byte that is not UTF-8", FORM, utf8(order + "&sell_note=%FF")),
                undecodable("an order with an escaped UTF-8 character cut short", FORM, utf8(order + "&sell_note=%E2%82")),
                undecodable("an order with a raw byte that is not UTF-8", FORM, withByte(utf8(order + "&sell_note=~"), 0xFC)),
                undecodable("an order declared ISO-8859-1 with an escaped ü", FORM + "; charset=ISO-8859-1",
                        utf8(order + "&sell_note=%FC")),
                undecodable("a JSON order with a raw byte that is not UTF-8", "application/json", withByte(jsonOrder, 0xFF)));
    }

    private static Arguments undecodable(String what, String contentType, byte[] body) {
        return Arguments.of(what, contentType, body);
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("undecodableBodies")
    void aBodyThatIsNotPercentEncodedUtf8IsRefusedAsMalformed(String what, String contentType, byte[] body)
            throws Exception {
        long before = pay.invoiceCount();

        HttpResponse<String> reply = pay.postRaw(contentType, body);

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(400);
        assertThat(JSON.readTree(reply.body()).get("error").asText()).isEqualTo("malformed_body");
        assertThat(pay.invoiceCount()).isEqualTo(before);
        assertUnchanged();
    }

    @Order(1)
    @Test
    void aMultipartInvoiceRequestIsRefusedAsAnUnsupportedMediaType() throws Exception {
        StringBuilder body = new StringBuilder();
        pay.order(5, LISTEN_URL, PAYOUT).forEach((name, value) -> body.append("--b\r\nContent-Disposition: form-data; name=\"")
                .append(name).append("\"\r\n\r\n").append(value).append("\r\n"));
        body.append("--b--\r\n");
        long before = pay.invoiceCount();

        HttpResponse<String> reply = pay.postRaw("multipart/form-data; boundary=b", utf8(body.toString()));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(415);
        assertThat(JSON.readTree(reply.body()).get("error").asText()).isEqualTo("unsupported_media_type");
        assertThat(pay.invoiceCount()).isEqualTo(before);
    }

    @Order(2)
    @Test
    void theGenuineEchoIsVerified() throws Exception {
        HttpResponse<String> reply = postForm(genuineEcho);

        assertThat(reply.body()).isEqualTo("VERIFIED");
        assertThat(pay.invoice(txnId).state()).isIn(InvoiceState.CONFIRMED, InvoiceState.PAYING_OUT, InvoiceState.PAID_OUT);
    }

    private static void assertUnchanged() {
        Invoice now = pay.invoice(txnId);
        assertThat(now.state()).isEqualTo(InvoiceState.NOTIFIED);
        assertThat(now.version()).as("the invoice was not written").isEqualTo(notified.version());
    }

    private static HttpResponse<String> postForm(String body) throws Exception {
        return pay.postRaw(FORM, utf8(body));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The body with its only {@code ~} replaced by one raw byte. */
    private static byte[] withByte(byte[] body, int rawByte) {
        byte[] changed = Arrays.copyOf(body, body.length);
        int at = new String(body, StandardCharsets.ISO_8859_1).indexOf('~');
        assertThat(at).as("a ~ to replace").isNotNegative();
        changed[at] = (byte) rawByte;
        return changed;
    }

    private static String jsonOf(Map<String, String> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
