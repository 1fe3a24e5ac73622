package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import pay.ClosingFigures;
import pay.PropertyCheck;
import pay.invoice.Invoice;
import pay.invoice.InvoiceState;
import pay.invoice.Notification;

/**
 * Random and hostile input over real HTTP to {@code POST /pay}: invoice requests (step 2) with random fields,
 * values, encodings and content types, and confirmation echoes (6a) with mutated fields. Pay answers each with
 * an invoice, a verdict or a reason, never a 5xx, and a refused request changes nothing.
 */
class HostileInputPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String LISTEN_URL = "http://127.0.0.1:9/ipn";
    private static final String PAYOUT = "p".repeat(40);
    private static final String CONFIRM = "_confirm";

    @TempDir
    static Path dataDir;
    static PayHarness pay;
    static SellerServer seller;
    /** A paid invoice whose notification was delivered, waiting for the seller's echo. */
    static String notifiedTxnId;
    static Map<String, String> genuineEcho;

    @BeforeAll
    static void start() throws Exception {
        // No rate limit here: it would turn most valid requests into 429s.
        pay = new PayHarness(dataDir, Map.of("pay.invoice.rate-limit", "1000000/1s", "pay.invoice.rate-limit-burst", "1000000"));
        seller = new SellerServer();
        Map<String, String> order = pay.order(3, seller.listenUrl(), PAYOUT);
        order.put("sell_note", "gift wrap ü & co");
        JsonNode invoice = JSON.readTree(pay.post(order).body());
        notifiedTxnId = invoice.get("txn_id").asText();
        PayHarness.Account customer = pay.account(3);
        pay.blc.sendCoin(invoice.get("address").asText(), 3, customer.addr(), customer.pwd());
        await().atMost(Duration.ofSeconds(20)).until(() -> pay.invoice(notifiedTxnId).state() == InvoiceState.NOTIFIED);
        genuineEcho = new LinkedHashMap<>(seller.received().get(0).fields());
        genuineEcho.put(CONFIRM, "1");
    }

    @AfterAll
    static void stop() {
        seller.close();
        pay.close();
    }

    // ---- step 2: invoice requests -------------------------------------------------------------------------------

    @Test
    void anyInvoiceRequestGetsAnInvoiceOrAJsonReasonNeverA5xxAndARefusalStoresNothing() {
        Map<String, Integer> outcomes = new TreeMap<>();
        PropertyCheck.forAll(200, invoiceRequests(), request -> {
            long before = invoiceCount();
            HttpResponse<String> reply = post(request);

            assertThat(reply.statusCode()).as("%s answered %s", request, reply.body()).isLessThan(500);
            if (reply.statusCode() == 201) {
                JsonNode invoice = readJson(reply.body());
                assertThat(pay.invoice(invoice.get("txn_id").asText()).state()).isEqualTo(InvoiceState.AWAITING_PAYMENT);
                assertThat(invoiceCount()).isEqualTo(before + 1);
                outcomes.merge("201 created", 1, Integer::sum);
            } else {
                assertThat(reply.statusCode()).as("%s answered %s", request, reply.body()).isBetween(400, 499);
                assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/json"));
                String reason = readJson(reply.body()).path("error").asText();
                assertThat(reason).as(reply.body()).isNotBlank();
                assertThat(invoiceCount()).as("a refused request stores nothing").isEqualTo(before);
                outcomes.merge(reply.statusCode() + " " + reason, 1, Integer::sum);
            }
        });
        ClosingFigures.record("HostileInputPropertyTest.step2Outcomes", "step-2 outcomes: " + outcomes);
        assertThat(outcomes).containsKey("201 created");
        assertThat(outcomes.keySet().stream().filter(outcome -> outcome.startsWith("4")).count())
                .as("distinct refusals in %s", outcomes).isGreaterThanOrEqualTo(8);
    }

    /** One POST as a hostile client sends it: any Content-Type (or none) and any bytes. */
    record HostileRequest(String contentType, byte[] body) {
        @Override
        public String toString() {
            String text = new String(body, StandardCharsets.UTF_8);
            return "Content-Type " + contentType + ", " + body.length + " bytes: "
                    + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
        }
    }

    private enum Encoding { FORM, UNESCAPED_FORM, JSON_TEXT, JSON_TYPED, RANDOM_JSON, RANDOM_BYTES }

    private static Gen<HostileRequest> invoiceRequests() {
        Gen<List<Map.Entry<String, String>>> fields = lists().of(mutations())
                .ofSizes(Generate.frequency(Pair.of(1, Generate.constant(0)), Pair.of(4, integers().between(1, 4))))
                .map(changes -> {
                    List<Map.Entry<String, String>> form = validOrder();
                    changes.forEach(change -> change.applyTo(form));
                    return form;
                });
        Gen<Encoding> encodings = Generate.frequency(Pair.of(6, Generate.constant(Encoding.FORM)),
                Pair.of(1, Generate.constant(Encoding.UNESCAPED_FORM)), Pair.of(3, Generate.constant(Encoding.JSON_TEXT)),
                Pair.of(1, Generate.constant(Encoding.JSON_TYPED)), Pair.of(1, Generate.constant(Encoding.RANDOM_JSON)),
                Pair.of(1, Generate.constant(Encoding.RANDOM_BYTES)));
        Gen<String> otherContentTypes = Generate.pick(List.of("", "text/plain", "application/xml", "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded; charset=ISO-8859-1", "application/json; charset=utf-8", "APPLICATION/JSON",
                "application/jsonx", "application/x-www-form-urlencoded;;;", "*/*", "application/octet-stream",
                "none"));
        Gen<Boolean> matchingType = Generate.frequency(Pair.of(4, Generate.constant(true)), Pair.of(1, Generate.constant(false)));
        return fields.zip(encodings, matchingType, otherContentTypes, randomJson().zip(randomBytes(), Pair::of),
                (form, encoding, matching, otherType, noise) -> {
                    byte[] body = switch (encoding) {
                        case FORM -> formOf(form, true);
                        case UNESCAPED_FORM -> formOf(form, false);
                        case JSON_TEXT -> jsonOf(form, false);
                        case JSON_TYPED -> jsonOf(form, true);
                        case RANDOM_JSON -> noise._1.getBytes(StandardCharsets.UTF_8);
                        case RANDOM_BYTES -> noise._2;
                    };
                    boolean json = encoding == Encoding.JSON_TEXT || encoding == Encoding.JSON_TYPED
                            || encoding == Encoding.RANDOM_JSON;
                    String contentType = matching ? (json ? "application/json" : FORM)
                            : otherType.equals("none") ? null : otherType;
                    return new HostileRequest(contentType, body);
                });
    }

    /** The fields of a valid order, as a list so that a name may occur twice. */
    private static List<Map.Entry<String, String>> validOrder() {
        List<Map.Entry<String, String>> form = new ArrayList<>();
        pay.order(5, LISTEN_URL, PAYOUT).forEach((name, value) -> form.add(new SimpleEntry<>(name, value)));
        return form;
    }

    /** One change to a form: drop, replace, add, repeat or rename a field. */
    record Mutation(int kind, int position, String name, String value) {
        void applyTo(List<Map.Entry<String, String>> form) {
            if (form.isEmpty()) {
                form.add(new SimpleEntry<>(name, value));
                return;
            }
            int at = position % form.size();
            switch (kind) {
                case 0 -> form.remove(at);
                case 1 -> form.get(at).setValue(value);
                case 2 -> form.add(new SimpleEntry<>(name, value));
                case 3 -> form.add(new SimpleEntry<>(form.get(at).getKey(), value));
                default -> form.set(at, new SimpleEntry<>(name, form.get(at).getValue()));
            }
        }
    }

    private static Gen<Mutation> mutations() {
        return integers().between(0, 4).zip(integers().between(0, 100), names(), values(), Mutation::new);
    }

    private static Gen<String> names() {
        return Generate.frequency(
                Pair.of(3, Generate.pick(List.of("price", "api_key", "listen_url", "payout_addr", "sell_order", "sell_",
                        "PRICE", "api_key ", " price", "price[]", "sell_x y", "sell_" + "n".repeat(36), "CamelHttpUri",
                        "CamelHttpResponseCode", "Content-Type", "Accept", "attempt", "", "=", "&", "sell_ü"))),
                Pair.of(2, strings().allPossible().ofLengthBetween(0, 50)),
                Pair.of(2, strings().ascii().ofLengthBetween(0, 60).map(suffix -> "sell_" + suffix)))
                .assuming(name -> !name.equals(CONFIRM));
    }

    private static Gen<String> values() {
        return Generate.frequency(
                Pair.of(3, strings().allPossible().ofLengthBetween(0, 40)),
                Pair.of(1, strings().basicLatinAlphabet().ofLengthBetween(450, 550)),
                Pair.of(1, integers().between(10_000, 70_000).map("x"::repeat)),
                Pair.of(3, Generate.pick(List.of("0", "-1", "1", "1000000000", "1000000001", "99999999999999999999", "1e3",
                        " 5", "5 ", "٥", "0x10", "\u0000", "http://127.0.0.1:9/x", "javascript:alert(1)", "http://[::1]/",
                        "file:///etc/passwd", "http://user:pw@shop.example/", "https://shop.example/" + "a".repeat(2100),
                        "p".repeat(40), "p".repeat(41), "ü".repeat(40), "", " ", "%", "%zz", "null", "[]", "{}"))));
    }

    private static Gen<String> randomJson() {
        return Generate.pick(List.of("", "null", "[]", "{}", "[1,2]", "\"text\"", "42", "{\"price\":", "{\"price\":{}}",
                "{\"price\":5,\"price\":5}", "{\"a\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}", "{\"\\u0000\":\"\\ud800\"}",
                "{\"price\":1e400}", "{\"sell_a\":true}", "\ufeff{}"))
                .mix(strings().allPossible().ofLengthBetween(0, 200), 30);
    }

    private static Gen<byte[]> randomBytes() {
        return Generate.byteArrays(integers().between(0, 2000), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }

    // ---- steps 6a/6b: confirmation echoes ----------------------------------------------------------------------

    @Test
    void aMutatedEchoIsNeverVerifiedAndChangesNothingWhileTheGenuineOneIs() throws Exception {
        Invoice before = pay.invoice(notifiedTxnId);
        Map<String, Integer> outcomes = new TreeMap<>();
        PropertyCheck.forAll(150, mutatedEchoes(), echo -> {
            HttpResponse<String> reply = post(echo);
            if (reply.body().contains("VERIFIED")) {
                // The invoice's state changes with this, so shrinking cannot find a smaller input: keep the first.
                System.out.println("step-6a VERIFIED a mutated echo: " + echo);
            }

            assertThat(reply.body()).as("%s answered", echo).doesNotContain("VERIFIED");
            if (reply.statusCode() == 200) {
                assertThat(reply.body()).isEqualTo("INVALID");
                outcomes.merge("200 INVALID", 1, Integer::sum);
            } else {
                assertThat(reply.statusCode()).as("%s answered %s", echo, reply.body()).isBetween(400, 499);
                outcomes.merge(reply.statusCode() + " " + readJson(reply.body()).path("error").asText(), 1, Integer::sum);
            }
            Invoice after = pay.invoice(notifiedTxnId);
            assertThat(after.state()).isEqualTo(InvoiceState.NOTIFIED);
            assertThat(after.version()).as("the invoice was not written").isEqualTo(before.version());
        });
        ClosingFigures.record("HostileInputPropertyTest.step6aOutcomes", "step-6a outcomes: " + outcomes);
        assertThat(outcomes).containsKey("200 INVALID");

        // The same invoice and the same route do verify the genuine echo: the property above could have failed.
        assertThat(pay.post(genuineEcho, "text/plain").body()).isEqualTo("VERIFIED");
    }

    private static Gen<HostileRequest> mutatedEchoes() {
        Gen<Boolean> asJson = Generate.frequency(Pair.of(4, Generate.constant(false)), Pair.of(1, Generate.constant(true)));
        return lists().of(echoMutations()).ofSizeBetween(1, 3)
                .map(changes -> {
                    List<Map.Entry<String, String>> echo = new ArrayList<>();
                    genuineEcho.forEach((name, value) -> echo.add(new SimpleEntry<>(name, value)));
                    changes.forEach(change -> change.applyTo(echo));
                    return echo;
                })
                .assuming(HostileInputPropertyTest::changesThePayload)
                .zip(asJson, (echo, json) -> json
                        ? new HostileRequest("application/json", jsonOf(echo, false))
                        : new HostileRequest(FORM, formOf(echo, true)));
    }

    /** Changes to an echo's payload fields (never to _confirm, so it stays an echo). */
    private static Gen<Mutation> echoMutations() {
        List<String> payloadFields = genuineEcho.keySet().stream().filter(name -> !name.equals(CONFIRM)).toList();
        Gen<String> changedValues = Generate.frequency(
                Pair.of(3, strings().allPossible().ofLengthBetween(0, 45)),
                Pair.of(2, Generate.pick(List.of("", " ", "0", "3 ", " 3", "03", "3.0", "+3", "30", "PAID", "paid ",
                        "overpaid", "underpaid", "paid_late", "extra_payment", "txn_", "ntf_", "gift wrap u\u0308 & co", "gift wrap ü &amp; co", "GIFT WRAP Ü & CO"))));
        Gen<String> extraNames = Generate.frequency(
                Pair.of(2, Generate.pick(List.of("sell_extra", "Amount", "AMOUNT", "txn_id ", "sell_note ", "status[]", "fee",
                        "Notification_id", "delivery_id"))),
                Pair.of(1, strings().allPossible().ofLengthBetween(1, 20)));
        return integers().between(0, 4).zip(integers().between(0, payloadFields.size() - 1), extraNames, changedValues,
                (kind, position, name, value) -> new Mutation(kind, position, sendable(name), sendable(value)))
                .assuming(mutation -> !mutation.name().equals(CONFIRM));
    }

    /** The text as UTF-8 carries it, so that the model compares what is sent: QuickTheories makes lone surrogates. */
    private static String sendable(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    /**
     * Whether an echo differs from the genuine one in what is compared: every field but _confirm and the delivery's
     * own, each name and value exactly as sent (Pay reads the form as sent: no name trimmed, dropped or merged).
     */
    private static boolean changesThePayload(List<Map.Entry<String, String>> echo) {
        Map<String, List<String>> given = echo.stream().collect(Collectors.groupingBy(Map.Entry::getKey, LinkedHashMap::new,
                Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        boolean stillAnEcho = given.containsKey(CONFIRM);
        given.remove(CONFIRM);
        given.keySet().removeAll(Notification.DELIVERY_FIELDS);
        Map<String, List<String>> genuine = new LinkedHashMap<>();
        genuineEcho.forEach((name, value) -> genuine.put(name, List.of(value)));
        genuine.remove(CONFIRM);
        genuine.keySet().removeAll(Notification.DELIVERY_FIELDS);
        return stillAnEcho && !given.equals(genuine);
    }

    // ---- encoding and sending -----------------------------------------------------------------------------------

    private static byte[] formOf(List<Map.Entry<String, String>> fields, boolean escaped) {
        return fields.stream()
                .map(field -> escaped ? PayHarness.form(Map.of(field.getKey(), field.getValue()))
                        : field.getKey() + "=" + field.getValue())
                .collect(Collectors.joining("&"))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON object with the fields in order (repeats kept); typed: number-like values as numbers. */
    private static byte[] jsonOf(List<Map.Entry<String, String>> fields, boolean typed) {
        StringWriter json = new StringWriter();
        try (JsonGenerator out = JSON.getFactory().createGenerator(json)) {
            out.writeStartObject();
            for (Map.Entry<String, String> field : fields) {
                out.writeFieldName(field.getKey());
                if (typed && field.getValue().matches("-?[0-9]{1,30}")) {
                    out.writeNumber(field.getValue());
                } else if (typed && field.getValue().length() % 7 == 0) {
                    out.writeStartArray();
                    out.writeString(field.getValue());
                    out.writeEndArray();
                } else {
                    out.writeString(field.getValue());
                }
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> post(HostileRequest request) {
        try {
            return pay.postRaw(request.contentType(), request.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long invoiceCount() {
        try {
            return pay.invoiceCount();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
