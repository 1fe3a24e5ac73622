package pay.blc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the bytes a BLC server sent into a result or a {@link BlcException}, and nothing else: whatever the
 * bytes are, no other exception leaves {@link #parse}. Works on any {@link InputStream}, so tests can feed it
 * hostile bytes directly.
 */
final class BlcReplies {
    /** Clients read ordinary replies with one {@code recv(1024)}, so a conforming server never sends more. */
    static final int MAX_REPLY_BYTES = 1024;
    /** The longest run of leading zeros a sha512 hex digest can have. */
    static final int MAX_DIFFICULTY = 128;

    /**
     * Strict JSON; duplicate keys are refused so a reply cannot say {@code success} twice. Parsers leave the
     * stream open: the socket belongs to the caller, who always closes it.
     */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    private BlcReplies() {
    }

    /** Reads what one command's success payload means, or says why it cannot. */
    @FunctionalInterface
    interface PayloadReader<T> {
        T read(JsonNode payload) throws UnusableReply;
    }

    /** A reply that is valid JSON but not what the protocol promises. */
    static final class UnusableReply extends Exception {
        UnusableReply(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Reads one reply to {@code command} from {@code reply} and decodes its payload.
     *
     * @param maxBytes   replies longer than this are abandoned, so a hostile server cannot exhaust memory
     * @param untilClose read until the server closes (as clients read {@code transactions}) instead of
     *                   stopping at the end of the first complete JSON value
     * @throws BlcRefusedException     the server answered {@code success: false}
     * @throws BlcUnavailableException no usable reply
     */
    static <T> T parse(String command, InputStream reply, int maxBytes, boolean untilClose, PayloadReader<T> reader) {
        JsonNode envelope = readJson(command, reply, maxBytes, untilClose);
        try {
            return reader.read(payloadOf(command, envelope));
        } catch (UnusableReply e) {
            throw new BlcUnavailableException(command, "unusable reply: " + e.getMessage(), true, null);
        }
    }

    private static JsonNode readJson(String command, InputStream reply, int maxBytes, boolean untilClose) {
        // Jackson's messages quote the offending input, which may echo our request: never pass them on.
        try (JsonParser parser = JSON.createParser(new CappedInputStream(reply, maxBytes))) {
            if (parser.nextToken() == null) {
                throw new BlcUnavailableException(command, "the server closed the connection without a reply", true, null);
            }
            JsonNode value = JSON.readTree(parser);
            // Looking for a next token reads on until the server closes.
            if (untilClose && parser.nextToken() != null) {
                throw new BlcUnavailableException(command, "reply has data after its JSON object", true, null);
            }
            return value;
        } catch (ReplyTooLarge e) {
            throw new BlcUnavailableException(command, "reply is longer than " + maxBytes + " bytes", true, null);
        } catch (JsonProcessingException | CharConversionException e) {
            throw new BlcUnavailableException(command, "reply is not complete, valid JSON", true, null);
        } catch (SocketTimeoutException e) {
            throw new BlcUnavailableException(command, e.getMessage(), true, e);
        } catch (IOException e) {
            throw new BlcUnavailableException(command, "connection lost while reading the reply: " + e.getMessage(), true, e);
        }
    }

    /** Checks the envelope and returns the success payload; a refusal becomes {@link BlcRefusedException}. */
    private static JsonNode payloadOf(String command, JsonNode envelope) throws UnusableReply {
        if (!envelope.isObject()) {
            throw new UnusableReply("not a BLC envelope (not a JSON object)");
        }
        JsonNode success = envelope.get("success");
        if (success == null || !success.isBoolean()) {
            throw new UnusableReply("not a BLC envelope (\"success\" is not true or false)");
        }
        if (!success.booleanValue()) {
            JsonNode message = envelope.get("message");
            if (message == null || !message.isTextual()) {
                throw new UnusableReply("a refusal without a message");
            }
            throw new BlcRefusedException(command, message.textValue());
        }
        JsonNode payload = envelope.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new UnusableReply("a success without a payload object");
        }
        return payload;
    }

    /** A field holding a whole number of coins: an integer, at least zero, that fits a long. */
    static long coins(JsonNode object, String field) throws UnusableReply {
        JsonNode value = object.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new UnusableReply("\"" + field + "\" is not a whole number of coins");
        }
        return value.longValue();
    }

    static String text(JsonNode object, String field) throws UnusableReply {
        JsonNode value = object.get(field);
        if (value == null || !value.isTextual()) {
            throw new UnusableReply("\"" + field + "\" is not a string");
        }
        return value.textValue();
    }

    static long amount(JsonNode payload) throws UnusableReply {
        return coins(payload, "amount");
    }

    static int difficulty(JsonNode payload) throws UnusableReply {
        JsonNode value = payload.get("difficulty");
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()
                || value.intValue() < 0 || value.intValue() > MAX_DIFFICULTY) {
            throw new UnusableReply("\"difficulty\" is not a whole number from 0 to " + MAX_DIFFICULTY);
        }
        return value.intValue();
    }

    static BlcTransfer transfer(JsonNode object) throws UnusableReply {
        if (!object.isObject()) {
            throw new UnusableReply("a transfer is not a JSON object");
        }
        return new BlcTransfer(text(object, "to"), coins(object, "amount"), text(object, "from"));
    }

    static List<BlcTransfer> transfers(JsonNode payload) throws UnusableReply {
        JsonNode items = payload.get("transactions");
        if (items == null || !items.isArray()) {
            throw new UnusableReply("\"transactions\" is not a list");
        }
        List<BlcTransfer> transfers = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            transfers.add(transfer(item));
        }
        return List.copyOf(transfers);
    }

    private static final class ReplyTooLarge extends IOException {
        ReplyTooLarge() {
            super(null, null);
        }
    }

    /** Lets at most {@code limit} bytes through and fails on the next one. */
    private static final class CappedInputStream extends FilterInputStream {
        private long remaining;

        CappedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            int next = in.read();
            if (next >= 0) {
                count(1);
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // Ask for one byte past the limit, so an over-long reply is detected rather than silently cut.
            int read = in.read(buffer, offset, (int) Math.min(length, remaining + 1));
            if (read > 0) {
                count(read);
            }
            return read;
        }

        private void count(int read) throws ReplyTooLarge {
            remaining -= read;
            if (remaining < 0) {
                throw new ReplyTooLarge();
            }
        }
    }
}
