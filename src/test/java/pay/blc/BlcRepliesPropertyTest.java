package pay.blc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.bigIntegers;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import pay.PropertyCheck;

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
    private static final List<String> OUTCOMES = List.of("value", "refused", "unavailable");
    private static final BigInteger TWO_TO_THE_63 = BigInteger.ONE.shiftLeft(63);
    private static final BigInteger TEN_TO_THE_30 = BigInteger.TEN.pow(30);

    // ---- hostile input: nothing but BlcException escapes --------------------------------------------------------

    @Test
    void arbitraryBytesYieldASaneValueOrABlcException() {
        PropertyCheck.forAll(1000, byteArrays(1500), reply -> everyReaderCopesWith(reply, new Outcomes()));
    }

    @Test
    void damagedValidRepliesYieldASaneValueOrABlcException() {
        Outcomes outcomes = new Outcomes();
        PropertyCheck.forAll(1000, damagedReplies(), reply -> everyReaderCopesWith(reply, outcomes));
        outcomes.assertEachOutcomeCameUp();
    }

    @Test
    void wellFormedJsonOfAnyShapeYieldsASaneValueOrABlcException() {
        Outcomes outcomes = new Outcomes();
        PropertyCheck.forAll(300, envelopeShapedJson(),
                reply -> everyReaderCopesWith(reply.getBytes(StandardCharsets.UTF_8), outcomes));
        outcomes.assertEachOutcomeCameUp();
    }

    @Test
    void everyClientMethodCopesWithHostileRepliesOverARealSocket() {
        String addr = "a".repeat(40);
        PropertyCheck.forAll(40, anyReply(), reply -> {
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
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** How often each outcome came up, overall and per reader: hostile input must reach every outcome. */
    private static final class Outcomes {
        private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

        void count(String reader, String outcome) {
            counts.computeIfAbsent(outcome, o -> new LongAdder()).increment();
            counts.computeIfAbsent(reader + ":" + outcome, o -> new LongAdder()).increment();
        }

        void assertEachOutcomeCameUp() {
            for (String outcome : OUTCOMES) {
                assertThat(counts.get(outcome)).as("inputs that ended as " + outcome).isNotNull();
            }
        }
    }

    /** Runs every payload reader over the reply, in both reading modes, and counts the outcomes. */
    private static void everyReaderCopesWith(byte[] reply, Outcomes outcomes) {
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
                outcomes.count(name, outcome);
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

    @Test
    void aBalanceReplyParsesToItsAmount() {
        PropertyCheck.forAll(1000, longs().between(0, Long.MAX_VALUE), addresses(), (amount, addr) -> {
            String reply = BlcJson.toPythonJson(BlcJson.success(BlcJson.object().put("amount", amount).put("addr", addr)));

            assertThat(parse(reply, BlcReplies::amount)).isEqualTo(amount);
        });
    }

    @Test
    void aDifficultyReplyParsesToItsDifficulty() {
        PropertyCheck.forAll(1000, integers().between(0, 128), difficulty -> {
            String reply = BlcJson.toPythonJson(BlcJson.success(BlcJson.object().put("difficulty", difficulty)));

            assertThat(parse(reply, BlcReplies::difficulty)).isEqualTo(difficulty);
        });
    }

    @Test
    void aSendReplyParsesToItsTransfer() {
        PropertyCheck.forAll(1000, transfers(), transfer -> {
            String reply = BlcJson.toPythonJson(BlcJson.success(json(transfer)));

            assertThat(parse(reply, BlcReplies::transfer)).isEqualTo(transfer);
        });
    }

    @Test
    void aTransactionsReplyParsesToItsTransfersInOrder() {
        // Mostly short lists, some up to 300 transfers: long ones cost time and find nothing short ones miss.
        Gen<Integer> sizes = Generate.frequency(Pair.of(4, integers().between(0, 20)), Pair.of(1, integers().between(0, 300)));
        PropertyCheck.forAll(300, lists().of(transfers()).ofSizes(sizes), transfers -> {
            ObjectNode payload = BlcJson.object();
            ArrayNode items = payload.putArray("transactions");
            transfers.forEach(transfer -> items.add(json(transfer)));
            String reply = BlcJson.toPythonJson(BlcJson.success(payload));

            List<BlcTransfer> parsed = BlcReplies.parse("transactions", stream(reply),
                    BlcClient.DEFAULT_MAX_TRANSACTIONS_REPLY_BYTES, true, BlcReplies::transfers);

            assertThat(parsed).containsExactlyElementsOf(transfers);
        });
    }

    @Test
    void aPrintableRefusalCarriesTheServersMessageUnchanged() {
        PropertyCheck.forAll(1000, printable(BlcRefusedException.MAX_MESSAGE_CHARS), message -> {
            String reply = BlcJson.toPythonJson(BlcJson.failure(message));

            assertThatThrownBy(() -> parse(reply, BlcReplies::amount))
                    .isInstanceOf(BlcRefusedException.class)
                    .hasMessage(message);
        });
    }

    @Test
    void anyRefusalMessageIsMadeSafeForLogs() {
        // Any text that fits a 1 KiB reply even when every character is escaped as six bytes, and long printable text.
        Gen<String> messages = Generate.oneOf(strings().allPossible().ofLengthBetween(0, 150), printable(900));
        PropertyCheck.forAll(1000, messages, message -> {
            String reply = BlcJson.toPythonJson(BlcJson.failure(message));

            assertThatThrownBy(() -> parse(reply, BlcReplies::amount))
                    .isInstanceOfSatisfying(BlcRefusedException.class, BlcRepliesPropertyTest::saneException);
        });
    }

    @Test
    void aReplyThatSaysSuccessTwiceIsUnusable() {
        String reply = "{\"message\": \"no\", \"payload\": {\"amount\": 5}, \"success\": false, \"success\": true}";

        assertThatThrownBy(() -> parse(reply, BlcReplies::amount))
                .isInstanceOf(BlcUnavailableException.class)
                .hasMessage("check_addr: reply is not complete, valid JSON");
    }

    @Test
    void aNegativeFractionalOrQuotedAmountIsUnusable() {
        PropertyCheck.forAll(1000, badAmounts(), amount -> {
            String reply = "{\"message\": null, \"payload\": {\"amount\": " + amount + ", \"addr\": \"x\"}, \"success\": true}";

            assertThatThrownBy(() -> parse(reply, BlcReplies::amount))
                    .isInstanceOf(BlcUnavailableException.class)
                    .hasMessage("check_addr: unusable reply: \"amount\" is not a whole number of coins");
        });
    }

    @Test
    void aReplyLongerThanTheCapIsUnavailable() {
        PropertyCheck.forAll(1000, integers().between(1025, 5000), length -> {
            String frame = "{\"message\": null, \"payload\": {\"amount\": 1, \"addr\": \"%s\"}, \"success\": true}";
            String reply = frame.formatted("x".repeat(length - frame.length() + 2));
            assertThat(reply).hasSize(length);

            for (boolean untilClose : new boolean[] {false, true}) {
                assertThatThrownBy(() -> BlcReplies.parse("check_addr", stream(reply), 1024, untilClose, BlcReplies::amount))
                        .isInstanceOf(BlcUnavailableException.class)
                        .hasMessage("check_addr: reply is longer than 1024 bytes");
            }
        });
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

    private static Gen<byte[]> byteArrays(int maxLength) {
        return Generate.byteArrays(integers().between(0, maxLength), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }

    private static Gen<String> printable(int maxLength) {
        return strings().betweenCodePoints(' ', '~').ofLengthBetween(0, maxLength);
    }

    private static Gen<String> addresses() {
        return Generate.oneOf(
                Generate.byteArrays(Generate.constant(20), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
                        .map(bytes -> HexFormat.of().formatHex(bytes)),
                strings().allPossible().ofLength(40));
    }

    private static Gen<BlcTransfer> transfers() {
        return addresses().zip(longs().between(0, Long.MAX_VALUE), addresses(), BlcTransfer::new);
    }

    private static Gen<String> badAmounts() {
        return Generate.oneOf(
                longs().between(Long.MIN_VALUE, -1).map(n -> String.valueOf(n)),
                doubles().any().map(n -> String.valueOf(n)).assuming(text -> text.contains(".") || text.contains("E")),
                longs().between(0, Long.MAX_VALUE).map(n -> "\"" + n + "\""),
                // whole numbers from 2^63 (one past a long) to about 10^30
                longs().between(0, Long.MAX_VALUE).zip(integers().between(0, 11),
                        (n, shift) -> String.valueOf(TWO_TO_THE_63.add(BigInteger.valueOf(n).multiply(BigInteger.TEN.pow(shift))))),
                Generate.pick(List.of("null", "true", "[]", "{}", "1.0", "-0.5", "1e3")));
    }

    private static Gen<byte[]> anyReply() {
        return Generate.oneOf(
                byteArrays(1500),
                damagedReplies(),
                envelopeShapedJson().map(text -> text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Gen<String> validReplies() {
        String addr = "0123456789abcdef0123456789abcdef01234567";
        String transfer = "{\"to\": \"" + addr + "\", \"amount\": 3, \"from\": \"" + addr + "\"}";
        return Generate.pick(List.of(
                "{\"message\": null, \"payload\": {\"amount\": 12, \"addr\": \"" + addr + "\"}, \"success\": true}",
                "{\"message\": null, \"payload\": {\"difficulty\": 7}, \"success\": true}",
                "{\"message\": null, \"payload\": " + transfer + ", \"success\": true}",
                "{\"message\": null, \"payload\": {\"transactions\": [" + transfer + ", " + transfer + "]}, \"success\": true}",
                "{\"message\": \"Your address or password was invalid\", \"payload\": null, \"success\": false}",
                "{\"message\": \"Unable to parse JSON request\", \"payload\": {\"request\": \"{\\\"cmd\\\"\"}, \"success\": false}"));
    }

    /** Valid replies with bytes deleted, inserted or overwritten, or cut short. */
    private static Gen<byte[]> damagedReplies() {
        Gen<Edit> edits = integers().between(0, 400).zip(integers().between(0, 5), byteArrays(6), Edit::new);
        return validReplies().zip(lists().of(edits).ofSizeBetween(1, 4), (reply, changes) -> {
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
    private static Gen<String> envelopeShapedJson() {
        Gen<JsonNode> values = jsonValues();
        Gen<JsonNode> plausible = Generate.frequency(
                Pair.of(3, longs().between(0, 200).map(n -> NODES.numberNode(n))),
                Pair.of(3, strings().allPossible().ofLengthBetween(0, 40).map(text -> NODES.textNode(text))),
                Pair.of(2, values));
        Gen<JsonNode> successes = Generate.frequency(
                Pair.of(8, Generate.booleans().map(b -> NODES.booleanNode(b))),
                Pair.of(1, values));
        Gen<JsonNode> payloads = Generate.frequency(
                Pair.of(4, protocolObjects(plausible)),
                Pair.of(2, lists().of(protocolObjects(plausible)).ofSizeBetween(0, 4).map(items -> {
                    ObjectNode payload = NODES.objectNode();
                    payload.putArray("transactions").addAll(items);
                    return (JsonNode) payload;
                })),
                Pair.of(1, values));
        Gen<JsonNode> messages = Generate.frequency(
                Pair.of(2, strings().allPossible().ofLengthBetween(0, 60).map(text -> NODES.textNode(text))),
                Pair.of(2, Generate.constant(NODES.nullNode())),
                Pair.of(1, values));
        Gen<String> omittedKeys = Generate.frequency(
                Pair.of(6, Generate.constant("none")),
                Pair.of(1, Generate.pick(List.of("message", "payload", "success"))));
        return successes.zip(messages, payloads, omittedKeys, (success, message, payload, omitted) -> {
            ObjectNode envelope = NODES.objectNode();
            envelope.set("message", message);
            envelope.set("payload", payload);
            envelope.set("success", success);
            envelope.remove(omitted);
            return envelope.toString();
        });
    }

    private static Gen<JsonNode> protocolObjects(Gen<JsonNode> values) {
        Gen<Pair<String, JsonNode>> entries = Generate.pick(PROTOCOL_KEYS).zip(values, Pair::of);
        return lists().of(entries).ofSizeBetween(0, 8).map(pairs -> {
            ObjectNode object = NODES.objectNode();
            pairs.forEach(entry -> object.set(entry._1, entry._2));
            return object;
        });
    }

    /** JSON values nested up to three levels deep. */
    private static Gen<JsonNode> jsonValues() {
        Gen<JsonNode> values = jsonScalars();
        for (int depth = 0; depth < 3; depth++) {
            Gen<JsonNode> inner = values;
            values = Generate.frequency(
                    Pair.of(3, jsonScalars()),
                    Pair.of(1, lists().of(inner).ofSizeBetween(0, 3).map(items -> (JsonNode) NODES.arrayNode().addAll(items))),
                    Pair.of(1, protocolObjects(inner)));
        }
        return values;
    }

    private static Gen<JsonNode> jsonScalars() {
        return Generate.oneOf(
                Generate.constant(NODES.nullNode()),
                Generate.booleans().map(b -> NODES.booleanNode(b)),
                longs().all().map(n -> NODES.numberNode(n)),
                Generate.pick(List.of(Long.MIN_VALUE, -1L, 0L, 1L, 128L, 129L, (long) Integer.MAX_VALUE + 1, Long.MAX_VALUE))
                        .map(n -> NODES.numberNode(n)),
                // whole numbers between -10^30 and 10^30
                bigIntegers().ofBytes(13).map(n -> NODES.numberNode(n.remainder(TEN_TO_THE_30))),
                doubles().any().map(n -> NODES.numberNode(n)),
                strings().allPossible().ofLengthBetween(0, 20).map(text -> NODES.textNode(text)));
    }
}
