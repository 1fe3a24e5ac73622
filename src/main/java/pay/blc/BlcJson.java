package pay.blc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON as the BlooCoin reference server (Python 2.7) reads and writes it, shared by server and client.
 *
 * <p>Writing reproduces {@code json.dumps} byte for byte: separators {@code ", "} and {@code ": "}, ASCII only,
 * non-ASCII and control characters as lowercase <code>&#92;u00e9</code> escapes (astral characters as surrogate
 * pairs, <code>&#92;u007f</code> included), the short escapes {@code \n \r \t \b \f \" \\}, and {@code /} left alone.
 * Key order is the caller's: build objects with {@link #object()} in the order the protocol prescribes
 * (CPython 2.7 dict order), e.g. the envelope is message, payload, success.
 *
 * <p>Reading accepts what Python's {@code json.loads} accepts: one JSON value of any type, surrounding
 * whitespace, {@code NaN}/{@code Infinity} literals, integers of any size; trailing data is an error.
 */
public final class BlcJson {

    /** The reference server reads a request with one {@code recv(1024)}: nothing after this many bytes counts. */
    public static final int MAX_REQUEST_BYTES = 1024;

    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final ObjectWriter PYTHON_WRITER = new ObjectMapper()
            .writer(new PythonSeparators())
            .with(new PythonAsciiEscapes());

    private BlcJson() {
    }

    /** An empty JSON object that keeps keys in insertion order. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** {@code {"message": null, "payload": <payload>, "success": true}} */
    public static ObjectNode success(JsonNode payload) {
        ObjectNode envelope = object();
        envelope.putNull("message");
        envelope.set("payload", payload);
        envelope.put("success", true);
        return envelope;
    }

    /** {@code {"message": <message>, "payload": null, "success": false}} */
    public static ObjectNode failure(String message) {
        ObjectNode envelope = object();
        envelope.put("message", message);
        envelope.putNull("payload");
        envelope.put("success", false);
        return envelope;
    }

    /** The one error whose payload is not null: the request text that failed to parse, echoed. */
    public static ObjectNode unparseableRequest(String rawRequest) {
        ObjectNode envelope = object();
        envelope.put("message", "Unable to parse JSON request");
        envelope.set("payload", object().put("request", rawRequest));
        envelope.put("success", false);
        return envelope;
    }

    /** The text Python 2's {@code json.dumps} would produce for this value (ASCII only). */
    public static String toPythonJson(JsonNode value) {
        try {
            return PYTHON_WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a JSON tree always serialises", e);
        }
    }

    /** {@link #toPythonJson} as the bytes that go on the wire. */
    public static byte[] toPythonJsonBytes(JsonNode value) {
        return toPythonJson(value).getBytes(StandardCharsets.US_ASCII);
    }

    /** What a chunk of received bytes is, read the way the reference server reads it. */
    public sealed interface Decoded {
        /** One well-formed JSON value (of any type). */
        record Value(JsonNode json) implements Decoded {
        }

        /** Valid UTF-8 that is not one JSON value; the reference answers with the text echoed. */
        record NotJson(String text) implements Decoded {
        }

        /**
         * Not valid UTF-8. The reference server fails while echoing such bytes back and sends nothing.
         */
        record NotUtf8() implements Decoded {
        }
    }

    public static Decoded decode(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new Decoded.NotUtf8();
        }
        try {
            JsonNode json = READER.readTree(text);
            // Python rejects an empty or blank document; Jackson reports it as a missing node.
            return json == null || json.isMissingNode() ? new Decoded.NotJson(text) : new Decoded.Value(json);
        } catch (JsonProcessingException e) {
            return new Decoded.NotJson(text);
        }
    }

    /**
     * Whether {@code length} received bytes already form a whole request: one complete JSON value, or input
     * that can never become one whatever follows. False while the bytes are blank or stop inside a value,
     * i.e. more bytes could still complete it. Used to emulate the reference's single {@code recv} on
     * connections where a request arrives in several TCP segments.
     */
    public static boolean isCompleteRequest(byte[] bytes, int length) {
        try {
            JsonNode json = READER.readTree(READER.getFactory().createParser(bytes, 0, length));
            return json != null && !json.isMissingNode();
        } catch (JsonEOFException e) {
            return false;
        } catch (StreamReadException e) {
            // Jackson reports a multi-byte character cut by the end of the buffer as a bad UTF-8 byte.
            return !endsInsideUtf8Character(bytes, length);
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean endsInsideUtf8Character(byte[] bytes, int length) {
        for (int back = 1; back <= Math.min(3, length); back++) {
            int b = bytes[length - back] & 0xFF;
            if (b < 0x80) {
                return false;
            }
            if (b >= 0xC0) {
                int sequenceLength = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                return back < sequenceLength;
            }
        }
        return false;
    }

    /** Python's separators: {@code ", "} between items, {@code ": "} after keys, nothing else. */
    private static final class PythonSeparators extends MinimalPrettyPrinter {
        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }

    /**
     * {@code ensure_ascii=True}: everything outside printable ASCII becomes a lowercase <code>&#92;uXXXX</code>
     * escape, one per UTF-16 unit (so astral characters come out as surrogate pairs), except the five
     * control characters Python writes with a short escape.
     */
    private static final class PythonAsciiEscapes extends CharacterEscapes {
        private final int[] asciiEscapes;

        PythonAsciiEscapes() {
            asciiEscapes = CharacterEscapes.standardAsciiEscapesForJSON();
            for (int c = 0; c < 0x20; c++) {
                if (asciiEscapes[c] == ESCAPE_STANDARD) {
                    asciiEscapes[c] = ESCAPE_CUSTOM;
                }
            }
            asciiEscapes[0x7F] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return asciiEscapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return new SerializedString(String.format("\\u%04x", ch));
        }
    }
}
