package pay.blc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected strings are what CPython 2.7.18's json.dumps/json.loads produce for the same values. */
class BlcJsonTest {

    @Test
    void theEnvelopeIsWrittenWithPythonSeparatorsInMessagePayloadSuccessOrder() {
        ObjectNode payload = BlcJson.object().put("to", "b").put("amount", 3).put("from", "a");
        assertThat(BlcJson.toPythonJson(BlcJson.success(payload)))
                .isEqualTo("{\"message\": null, \"payload\": {\"to\": \"b\", \"amount\": 3, \"from\": \"a\"}, "
                        + "\"success\": true}");
        assertThat(BlcJson.toPythonJson(BlcJson.failure("No")))
                .isEqualTo("{\"message\": \"No\", \"payload\": null, \"success\": false}");
    }

    @Test
    void emptyContainersAndListsLookLikePythons() {
        ObjectNode value = BlcJson.object();
        value.set("empty", BlcJson.object());
        value.set("list", BlcJson.array().add(1).add("x").add(BlcJson.array()));
        assertThat(BlcJson.toPythonJson(value)).isEqualTo("{\"empty\": {}, \"list\": [1, \"x\", []]}");
    }

    @Test
    void stringsAreEscapedExactlyAsEnsureAsciiDoes() {
        // python2 -c 'import json; print json.dumps(u"\xe9\x7f\n\r\t\b\f\x00\x1f\"\\/~ \U0001F600\u2028")'
        String text = "\u00e9\u007f\n\r\t\b\f\u0000\u001f\"\\/~ \uD83D\uDE00\u2028";
        assertThat(BlcJson.toPythonJson(BlcJson.object().put("s", text)))
                .isEqualTo("{\"s\": \"\\u00e9\\u007f\\n\\r\\t\\b\\f\\u0000\\u001f\\\"\\\\/~ \\ud83d\\ude00\\u2028\"}");
    }

    @Test
    void theParseErrorEchoesTheRawRequest() {
        assertThat(BlcJson.toPythonJson(BlcJson.unparseableRequest("{\"a")))
                .isEqualTo("{\"message\": \"Unable to parse JSON request\", \"payload\": {\"request\": \"{\\\"a\"}, "
                        + "\"success\": false}");
    }

    @Test
    void repliesAreAsciiBytes() {
        byte[] bytes = BlcJson.toPythonJsonBytes(BlcJson.object().put("s", "\u00e9"));
        assertThat(bytes).isEqualTo("{\"s\": \"\\u00e9\"}".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void integersOfAnySizeAreRead() {
        BlcJson.Decoded decoded = decode("{\"amount\": 123456789012345678901234567890}");
        assertThat(decoded).isInstanceOfSatisfying(BlcJson.Decoded.Value.class, value ->
                assertThat(value.json().get("amount").bigIntegerValue())
                        .isEqualTo(new BigInteger("123456789012345678901234567890")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": NaN}", "{\"a\": -Infinity}", "[1, 2]", "\"text\"", "7", " {} ", "null"})
    void acceptsWhatPythonsJsonLoadsAccepts(String text) {
        assertThat(decode(text)).isInstanceOf(BlcJson.Decoded.Value.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "{} {}", "{\"a\": 1,}", "{'a': 1}", "{\"a\": 01}", "\uFEFF{}",
            "{\"a\": \"\u0001\"}"})
    void rejectsWhatPythonsJsonLoadsRejectsKeepingTheText(String text) {
        assertThat(decode(text)).isEqualTo(new BlcJson.Decoded.NotJson(text));
    }

    @Test
    void bytesThatAreNotUtf8AreNeitherJsonNorText() {
        assertThat(BlcJson.decode(new byte[] {'"', (byte) 0xC3, '"'})).isInstanceOf(BlcJson.Decoded.NotUtf8.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "{", "{\"cmd\": \"get_", "{\"cmd\": \"get_coin\"", "[1, 2", "{\"a\": 12"})
    void aRequestThatStopsInsideAValueIsNotComplete(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(BlcJson.isCompleteRequest(bytes, bytes.length)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"cmd\": \"get_coin\"}", " [1] ", "{\"a\": 1} x", "hello", "}"})
    void aRequestThatIsWholeOrCanNeverParseIsComplete(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(BlcJson.isCompleteRequest(bytes, bytes.length)).isTrue();
    }

    @Test
    void aMultiByteCharacterCutByTheEndOfTheBytesIsNotComplete() {
        byte[] bytes = "{\"pwd\": \"\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        int cutInsideTheCharacter = "{\"pwd\": \"".length() + 1;
        assertThat(BlcJson.isCompleteRequest(bytes, cutInsideTheCharacter)).isFalse();
        assertThat(BlcJson.isCompleteRequest(bytes, bytes.length)).isTrue();
    }

    private static BlcJson.Decoded decode(String text) {
        return BlcJson.decode(text.getBytes(StandardCharsets.UTF_8));
    }
}
