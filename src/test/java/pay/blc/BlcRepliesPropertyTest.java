package pay.blc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whatever a server sends, the reply parser yields a sane value or a {@link BlcException}, never anything else;
 * and replies in the reference server's exact format parse to the values they carry.
 */
class BlcRepliesPropertyTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> PROTOCOL_KEYS = List.of(
            "success", "message", "payload", "amount", "addr", "difficulty", "transactions", "to", "from", "hash", "request");
    private static final Map<String, BlcReplies.PayloadReader<?>> READERS = Map.of(
            "amount", BlcReplies::amount,
            "difficulty", BlcReplies::difficulty,
            "transfer", BlcReplies::transfer,
            "transfers", BlcReplies::transfers,
            "addr", payload -> BlcReplies.text(payload, "addr"));

    // ---- hostile input: nothing but BlcException escapes --------------------------------------------------------

    @Property(tries = 1000)
    void arbitraryBytesYieldASaneValueOrABlcException(@ForAll @Size(max = 1500) byte[] reply) {
        everyReaderCopesWith(reply);
    }

    @Property(tries = 1000)
    void damagedValidRepliesYieldASaneValueOrABlcException(@ForAll("damagedReplies") byte[] reply) {
        everyReaderCopesWith(reply);
        Statistics.coverage(outcomes -> {
            outcomes.check("value").count(count -> count > 0);
            outcomes.check("refused").count(count -> count > 0);
            outcomes.check("unavailable").count(count -> count > 0);
        });
    }

    @Property(tries = 300)
    void wellFormedJsonOfAnyShapeYieldsASaneValueOrABlcException(@ForAll("envelopeShapedJson") String reply) {
        everyReaderCopesWith(reply.getBytes(StandardCharsets.UTF_8));
        Statistics.coverage(outcomes -> {
            outcomes.check("value").count(count -> count > 0);
            outcomes.check("refused").count(count -> count > 0);
            outcomes.check("unavailable").count(count -> count > 0);
        });
    }

    @Property(tries = 40)
    void everyClientMethodCopesWithHostileRepliesOverARealSocket(@ForAll("anyReply") byte[] reply) throws IOException {
        String addr = "a".repeat(40);
        try (ScriptedBlcServer server = ScriptedBlcServer.replying(reply)) {
            BlcClient client = server.client(Duration.ofSeconds(5));
            List<Runnable> calls = List.of(
                    () -> client.register(addr, "pwd"),
                    () -> sane(client.checkAddr(addr)),
                    () -> sane(client.myCoins(addr, "pwd")),
                    () -> sane(client.transactions(addr, "pwd")),
                    () -> sane(client.sendCoin(addr, 1, addr, "pwd")),
                    () -> sane(client.difficulty()),
                    () -> client.check("abc1", "0".repeat(128), addr),
                    () -> sane(client.totalCoins()));
            for (Runnable call : calls) {
                try {
                    call.run();
                } catch (BlcException expected) {
                    saneException(expected);
                }
            }
        }
    }

    /** Runs every payload reader over the reply, in both reading modes, and counts the outcomes. */
    private static void everyReaderCopesWith(byte[] reply) {
        for (boolean untilClose : new boolean[] {false, true}) {
            READERS.forEach((name, reader) -> {
                String outcome;
                try {
                    sane(BlcReplies.parse("cmd", new ByteArrayInputStream(reply), BlcReplies.MAX_REPLY_BYTES, untilClose, reader));
                    outcome = "value";
                } catch (BlcRefusedException expected) {
                    saneException(expected);
                    outcome = "refused";
                } catch (BlcUnavailableException expected) {
                    saneException(expected);
                    outcome = "unavailable";
                }
                Statistics.collect(outcome);
                Statistics.label(name).collect(outcome);
            });
        }
    }

    private static void sane(Object value) {
        if (value instanceof Long amount) {
            assertThat(amount).isNotNegative();
        } else if (value instanceof Integer difficulty) {
            assertThat(difficulty).isBetween(0, BlcReplies.MAX_DIFFICULTY);
        } else if (value instanceof BlcTransfer transfer) {
            assertThat(transfer.to()).isNotNull();
            assertThat(transfer.from()).isNotNull();
            assertThat(transfer.amount()).isNotNegative();
        } else if (value instanceof List<?> transfers) {
            transfers.forEach(BlcRepliesPropertyTest::sane);
        } else {
            assertThat(value).isInstanceOf(String.class);
        }
    }

    private static void saneException(BlcException e) {
        assertThat(e.getMessage()).isNotNull();
        if (e instanceof BlcRefusedException) {
            assertThat(e.getMessage().codePointCount(0, e.getMessage().length()))
                    .isLessThanOrEqualTo(BlcRefusedException.MAX_MESSAGE_CHARS + 1);
            assertThat(e.getMessage().codePoints()).noneMatch(c -> Character.isISOControl(c)
                    || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.SURROGATE);
        }
    }

    // ---- valid replies parse to the right values ----------------------------------------------------------------

    @Property
    void aBalanceReplyParsesToItsAmount(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long amount,
                                        @ForAll("addresses") String addr) {
        String reply = BlcJson.toPythonJson(BlcJson.success(BlcJson.object().put("amount", amount).put("addr", addr)));

        assertThat(parse(reply, BlcReplies::amount)).isEqualTo(amount);
    }

    @Property
    void aDifficultyReplyParsesToItsDifficulty(@ForAll @IntRange(min = 0, max = 128) int difficulty) {
        String reply = BlcJson.toPythonJson(BlcJson.success(BlcJson.object().put("difficulty", difficulty)));

        assertThat(parse(reply, BlcReplies::difficulty)).isEqualTo(difficulty);
    }

    @Property
    void aSendReplyParsesToItsTransfer(@ForAll("transfers") BlcTransfer transfer) {
        String reply = BlcJson.toPythonJson(BlcJson.success(json(transfer)));

        assertThat(parse(reply, BlcReplies::transfer)).isEqualTo(transfer);
    }

    @Property(tries = 300)
    void aTransactionsReplyParsesToItsTransfersInOrder(@ForAll @Size(max = 300) List<@From("transfers") BlcTransfer> transfers) {
        ObjectNode payload = BlcJson.object();
        ArrayNode items = payload.putArray("transactions");
        transfers.forEach(transfer -> items.add(json(transfer)));
        String reply = BlcJson.toPythonJson(BlcJson.success(payload));

        List<BlcTransfer> parsed = BlcReplies.parse("transactions", stream(reply),
                BlcClient.DEFAULT_MAX_TRANSACTIONS_REPLY_BYTES, true, BlcReplies::transfers);

        assertThat(parsed).containsExactlyElementsOf(transfers);
    }

    @Property
    void aPrintableRefusalCarriesTheServersMessageUnchanged(@ForAll("printableMessages") String message) {
        String reply = BlcJson.toPythonJson(BlcJson.failure(message));

        assertThatThrownBy(() -> parse(reply, BlcReplies::amount))
                .isInstanceOf(BlcRefusedException.class)
                .hasMessage(message);
    }

    @Property
    void anyRefusalMessageIsMadeSafeForLogs(@ForAll("refusalMessages") String message) {
        String reply = BlcJson.toPythonJson(BlcJson.failure(message));

        assertThatThrownBy(() -> parse(reply, BlcReplies::amount))
                .isInstanceOfSatisfying(BlcRefusedException.class, BlcRepliesPropertyTest::saneException);
    }

    @Example
    void aReplyThatSaysSuccessTwiceIsUnusable() {
        String reply = "{\"message\": \"no\", \"payload\": {\"amount\": 5}, \"success\": false, \"success\": true}";

        assertThatThrownBy(() -> parse(reply, BlcReplies::amount))
                .isInstanceOf(BlcUnavailableException.class)
                .hasMessage("check_addr: reply is not complete, valid JSON");
    }

    @Property
    void aNegativeFractionalOrQuotedAmountIsUnusable(@ForAll("badAmounts") String amount) {
        String reply = "{\"message\": null, \"payload\": {\"amount\": " + amount + ", \"addr\": \"x\"}, \"success\": true}";

        assertThatThrownBy(() -> parse(reply, BlcReplies::amount))
                .isInstanceOf(BlcUnavailableException.class)
                .hasMessage("check_addr: unusable reply: \"amount\" is not a whole number of coins");
    }

    @Property
    void aReplyLongerThanTheCapIsUnavailable(@ForAll @IntRange(min = 1025, max = 5000) int length) {
        String frame = "{\"message\": null, \"payload\": {\"amount\": 1, \"addr\": \"%s\"}, \"success\": true}";
        String reply = frame.formatted("x".repeat(length - frame.length() + 2));
        assertThat(reply).hasSize(length);

        for (boolean untilClose : new boolean[] {false, true}) {
            assertThatThrownBy(() -> BlcReplies.parse("check_addr", stream(reply), 1024, untilClose, BlcReplies::amount))
                    .isInstanceOf(BlcUnavailableException.class)
                    .hasMessage("check_addr: reply is longer than 1024 bytes");
        }
    }

    private static <T> T parse(String reply, BlcReplies.PayloadReader<T> reader) {
        return BlcReplies.parse("check_addr", stream(reply), BlcReplies.MAX_REPLY_BYTES, false, reader);
    }

    private static ByteArrayInputStream stream(String reply) {
        return new ByteArrayInputStream(reply.getBytes(StandardCharsets.UTF_8));
    }

    /** A transfer in the reference server's key order. */
    private static ObjectNode json(BlcTransfer transfer) {
        return BlcJson.object().put("to", transfer.to()).put("amount", transfer.amount()).put("from", transfer.from());
    }

    // ---- generators ---------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> addresses() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(40),
                Arbitraries.strings().ofLength(40));
    }

    @Provide
    Arbitrary<BlcTransfer> transfers() {
        return Combinators.combine(addresses(), Arbitraries.longs().between(0, Long.MAX_VALUE), addresses())
                .as(BlcTransfer::new);
    }

    @Provide
    Arbitrary<String> printableMessages() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(BlcRefusedException.MAX_MESSAGE_CHARS);
    }

    /** Any text that fits a 1 KiB reply even when every character is escaped as six bytes, and long printable text. */
    @Provide
    Arbitrary<String> refusalMessages() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(150),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(900));
    }

    @Provide
    Arbitrary<String> badAmounts() {
        return Arbitraries.oneOf(
                Arbitraries.longs().lessOrEqual(-1).map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf).filter(text -> text.contains(".") || text.contains("E")),
                Arbitraries.longs().greaterOrEqual(0).map(n -> "\"" + n + "\""),
                Arbitraries.bigIntegers().between(new BigInteger("9223372036854775808"), new BigInteger("1" + "0".repeat(30)))
                        .map(String::valueOf),
                Arbitraries.of("null", "true", "[]", "{}", "1.0", "-0.5", "1e3"));
    }

    @Provide
    Arbitrary<byte[]> anyReply() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(1500),
                damagedReplies(),
                envelopeShapedJson().map(text -> text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Arbitrary<String> validReplies() {
        String addr = "0123456789abcdef0123456789abcdef01234567";
        String transfer = "{\"to\": \"" + addr + "\", \"amount\": 3, \"from\": \"" + addr + "\"}";
        return Arbitraries.of(
                "{\"message\": null, \"payload\": {\"amount\": 12, \"addr\": \"" + addr + "\"}, \"success\": true}",
                "{\"message\": null, \"payload\": {\"difficulty\": 7}, \"success\": true}",
                "{\"message\": null, \"payload\": " + transfer + ", \"success\": true}",
                "{\"message\": null, \"payload\": {\"transactions\": [" + transfer + ", " + transfer + "]}, \"success\": true}",
                "{\"message\": \"Your address or password was invalid\", \"payload\": null, \"success\": false}",
                "{\"message\": \"Unable to parse JSON request\", \"payload\": {\"request\": \"{\\\"cmd\\\"\"}, \"success\": false}");
    }

    /** Valid replies with bytes deleted, inserted or overwritten, or cut short. */
    @Provide
    Arbitrary<byte[]> damagedReplies() {
        Arbitrary<Edit> edits = Combinators.combine(
                Arbitraries.integers().between(0, 400),
                Arbitraries.integers().between(0, 5),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(6)).as(Edit::new);
        return Combinators.combine(validReplies(), edits.list().ofMinSize(1).ofMaxSize(4))
                .as((reply, changes) -> {
                    byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
                    for (Edit change : changes) {
                        bytes = change.applyTo(bytes);
                    }
                    return bytes;
                });
    }

    private record Edit(int position, int deleted, byte[] inserted) {
        byte[] applyTo(byte[] bytes) {
            int at = Math.min(position, bytes.length);
            int cut = Math.min(deleted, bytes.length - at);
            byte[] edited = new byte[bytes.length - cut + inserted.length];
            System.arraycopy(bytes, 0, edited, 0, at);
            System.arraycopy(inserted, 0, edited, at, inserted.length);
            System.arraycopy(bytes, at + cut, edited, at + inserted.length, bytes.length - at - cut);
            return edited;
        }
    }

    /**
     * Objects that look like envelopes: protocol keys holding mostly plausible values (whole numbers, text),
     * sometimes values of any JSON type, sometimes missing.
     */
    @Provide
    Arbitrary<String> envelopeShapedJson() {
        Arbitrary<JsonNode> values = jsonValues();
        Arbitrary<JsonNode> plausible = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(0, 200).map(NODES::numberNode)),
                Tuple.of(3, Arbitraries.strings().ofMaxLength(40).map(NODES::textNode)),
                Tuple.of(2, values));
        Arbitrary<JsonNode> successes = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(true, false).map(NODES::booleanNode)),
                Tuple.of(1, values));
        Arbitrary<JsonNode> payloads = Arbitraries.frequencyOf(
                Tuple.of(4, protocolObjects(plausible)),
                Tuple.of(2, protocolObjects(plausible).list().ofMaxSize(4).map(items -> {
                    ObjectNode payload = NODES.objectNode();
                    payload.putArray("transactions").addAll(items);
                    return payload;
                })),
                Tuple.of(1, values));
        Arbitrary<JsonNode> messages = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.strings().ofMaxLength(60).map(NODES::textNode)),
                Tuple.of(2, Arbitraries.just(NODES.nullNode())),
                Tuple.of(1, values));
        Arbitrary<String> omittedKeys = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("none")),
                Tuple.of(1, Arbitraries.of("message", "payload", "success")));
        return Combinators.combine(successes, messages, payloads, omittedKeys)
                .as((success, message, payload, omitted) -> {
                    ObjectNode envelope = NODES.objectNode();
                    envelope.set("message", message);
                    envelope.set("payload", payload);
                    envelope.set("success", success);
                    envelope.remove(omitted);
                    return envelope.toString();
                });
    }

    private static Arbitrary<JsonNode> protocolObjects(Arbitrary<JsonNode> values) {
        return Combinators.combine(Arbitraries.of(PROTOCOL_KEYS), values).as(Tuple::of).list().ofMaxSize(8)
                .map(entries -> {
                    ObjectNode object = NODES.objectNode();
                    entries.forEach(entry -> object.set(entry.get1(), entry.get2()));
                    return object;
                });
    }

    /** JSON values nested up to three levels deep. */
    private static Arbitrary<JsonNode> jsonValues() {
        Arbitrary<JsonNode> values = jsonScalars();
        for (int depth = 0; depth < 3; depth++) {
            Arbitrary<JsonNode> inner = values;
            values = Arbitraries.frequencyOf(
                    Tuple.of(3, jsonScalars()),
                    Tuple.of(1, inner.list().ofMaxSize(3).map(items -> NODES.arrayNode().addAll(items))),
                    Tuple.of(1, protocolObjects(inner)));
        }
        return values;
    }

    private static Arbitrary<JsonNode> jsonScalars() {
        return Arbitraries.oneOf(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.of(Long.MIN_VALUE, -1L, 0L, 1L, 128L, 129L, (long) Integer.MAX_VALUE + 1, Long.MAX_VALUE)
                        .map(NODES::numberNode),
                Arbitraries.bigIntegers().between(new BigInteger("-1" + "0".repeat(30)),
                        new BigInteger("1" + "0".repeat(30))).map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.strings().ofMaxLength(20).map(NODES::textNode));
    }
}
