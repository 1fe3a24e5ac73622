package pay.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Step 2 refuses bad input (a missing, malformed or unknown field, a value over a limit, a body it cannot read)
 * with a status and a machine-readable reason over real HTTP, and stores nothing. One Pay serves every case.
 */
class BadInvoiceInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAYOUT = "p".repeat(40);
    private static final String LISTEN_URL = "http://127.0.0.1:9/ipn";

    @TempDir
    static Path dataDir;
    static PayHarness pay;

    @BeforeAll
    static void start() throws Exception {
        pay = new PayHarness(dataDir);
    }

    @AfterAll
    static void stop() {
        pay.close();
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                refused("no price", 400, "missing_field", order -> order.remove("price")),
                refused("no api_key", 400, "missing_field", order -> order.remove("api_key")),
                refused("no listen_url", 400, "missing_field", order -> order.remove("listen_url")),
                refused("no payout_addr", 400, "missing_field", order -> order.remove("payout_addr")),
                refused("an unknown api_key", 401, "unknown_api_key", order -> order.put("api_key", "pk_nope_nope")),
                refused("a field Pay does not know", 400, "unknown_field", order -> order.put("surprise", "1")),
                refused("a price that is not a number", 400, "invalid_price", order -> order.put("price", "abc")),
                refused("a price of 0", 400, "invalid_price", order -> order.put("price", "0")),
                refused("a gopher: listen_url", 400, "invalid_listen_url", order -> order.put("listen_url", "gopher://x/")),
                refused("51 sell_* fields", 400, "too_many_sell_fields", order -> {
                    for (int i = 0; i < 51; i++) {
                        order.put("sell_f" + i, "v");
                    }
                }),
                refused("a sell_* name of 41 characters", 400, "invalid_sell_field",
                        order -> order.put("sell_" + "n".repeat(36), "v")),
                refused("a sell_* value of 501 characters", 400, "invalid_sell_field",
                        order -> order.put("sell_note", "v".repeat(501))),
                refused("a sell_* name with a space", 400, "invalid_sell_field", order -> order.put("sell_a b", "v")),
                refused("a price one over the maximum", 400, "invalid_price", order -> order.put("price", "1000000001")),
                refused("a negative price", 400, "invalid_price", order -> order.put("price", "-5")),
                refused("a fractional price", 400, "invalid_price", order -> order.put("price", "1.5")),
                refused("a 20-digit price", 400, "invalid_price", order -> order.put("price", "9".repeat(20))),
                refused("a payout_addr of 41 characters", 400, "invalid_payout_addr",
                        order -> order.put("payout_addr", "p".repeat(41))),
                refused("a payout_addr of 39 characters", 400, "invalid_payout_addr",
                        order -> order.put("payout_addr", "p".repeat(39))),
                refused("a payout_addr with a space", 400, "invalid_payout_addr",
                        order -> order.put("payout_addr", "p".repeat(20) + " " + "p".repeat(19))),
                refused("a payout_addr with a non-ASCII letter", 400, "invalid_payout_addr",
                        order -> order.put("payout_addr", "ü" + "p".repeat(39))),
                refused("a listen_url of 2049 characters", 400, "invalid_listen_url",
                        order -> order.put("listen_url", "http://shop.example/" + "a".repeat(2049 - 20))),
                refused("a listen_url with credentials", 400, "invalid_listen_url",
                        order -> order.put("listen_url", "https://user:pw@shop.example/ipn")),
                refused("a file: listen_url", 400, "invalid_listen_url", order -> order.put("listen_url", "file:///etc/passwd")));
    }

    private static Arguments refused(String what, int status, String reason, Consumer<Map<String, String>> change) {
        return Arguments.of(what, status, reason, change);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("badRequests")
    void aBadRequestIsRefusedWithItsReasonAndStoresNothing(String what, int status, String reason,
                                                                   Consumer<Map<String, String>> change) throws Exception {
        Map<String, String> order = pay.order(5, LISTEN_URL, PAYOUT);
        change.accept(order);
        long before = pay.invoiceCount();

        HttpResponse<String> reply = pay.post(order);

        assertRefused(reply, status, reason);
        assertThat(pay.invoiceCount()).isEqualTo(before);
    }

    @Test
    void anInvoiceExactlyAtEveryLimitIsAccepted() throws Exception {
        Map<String, String> order = pay.order(1_000_000_000L, "http://127.0.0.1:9/" + "a".repeat(2048 - 19), PAYOUT);
        for (int i = 0; i < 50; i++) {
            String name = "sell_" + String.format("%02d", i);
            order.put(name + "n".repeat(40 - name.length()), "v".repeat(500));
        }
        assertThat(order.get("listen_url")).hasSize(2048);

        HttpResponse<String> reply = pay.post(order);

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
        assertThat(pay.invoice(JSON.readTree(reply.body()).get("txn_id").asText()).sellFields()).hasSize(50);
    }

    static Stream<Arguments> bodiesRefusedWhole() throws Exception {
        String form = PayHarness.form(pay.order(5, LISTEN_URL, PAYOUT));
        String json = JSON.writeValueAsString(pay.order(5, LISTEN_URL, PAYOUT));
        String formType = "application/x-www-form-urlencoded";
        return Stream.of(
                Arguments.of("a form over 64 KiB", formType, form + "&sell_note=" + "x".repeat(65_536), 413, "body_too_large"),
                Arguments.of("a JSON body over 64 KiB", "application/json", "{\"sell_note\":\"" + "x".repeat(65_536) + "\"}",
                        413, "body_too_large"),
                Arguments.of("a form field given twice", formType, form + "&price=6", 400, "duplicate_field"),
                Arguments.of("a form with a broken % escape", formType, "sell_note=100%zz&" + form, 400, "malformed_body"),
                Arguments.of("a JSON field given twice", "application/json", json.replace("{", "{\"price\":\"6\","), 400,
                        "invalid_json"),
                Arguments.of("a JSON array", "application/json", "[" + json + "]", 400, "invalid_json"),
                Arguments.of("a JSON field holding an object", "application/json", json.replace("{", "{\"sell_x\":{},"), 400,
                        "invalid_json"),
                Arguments.of("a plain-text body", "text/plain", form, 415, "unsupported_media_type"));
    }

    @ParameterizedTest(name = "{0} -> {3} {4}")
    @MethodSource("bodiesRefusedWhole")
    void aBodyPayCannotTakeIsRefusedWithItsReasonAndStoresNothing(String what, String contentType, String body, int status,
                                                                  String reason) throws Exception {
        long before = pay.invoiceCount();

        HttpResponse<String> reply = pay.postRaw(contentType, body.getBytes(StandardCharsets.UTF_8));

        assertRefused(reply, status, reason);
        assertThat(pay.invoiceCount()).isEqualTo(before);
    }

    private static void assertRefused(HttpResponse<String> reply, int status, String reason) throws Exception {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(status);
        assertThat(reply.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode error = JSON.readTree(reply.body());
        assertThat(error.get("error").asText()).isEqualTo(reason);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(reply.body()).doesNotContain(pay.apiKey);
    }
}
