package pay.blc.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import pay.blc.BlcJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Requests as Python clients wrote them, and the arithmetic a miner does. */
public final class BlcTestSupport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BlcTestSupport() {
    }

    /** {@code json.dumps} of the given key/value pairs, in that order. */
    public static String request(Object... keysAndValues) {
        ObjectNode request = BlcJson.object();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            request.set((String) keysAndValues[i], MAPPER.valueToTree(keysAndValues[i + 1]));
        }
        return BlcJson.toPythonJson(request);
    }

    public static JsonNode parse(String reply) {
        try {
            return MAPPER.readTree(reply);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + reply, e);
        }
    }

    /** A 40-character address whose first characters say whose it is. */
    public static String address(String owner) {
        return (owner + "-" + "0123456789abcdef".repeat(3)).substring(0, 40);
    }

    public static String sha256Hex(String text) {
        return hex("SHA-256", text);
    }

    public static String sha512Hex(String text) {
        return hex("SHA-512", text);
    }

    /** A winning string whose sha512 starts with {@code difficulty} zeros (milliseconds for 1 or 2). */
    public static String mineWinningString(String prefix, int difficulty) {
        String zeros = "0".repeat(difficulty);
        for (long counter = 0; ; counter++) {
            String candidate = prefix + counter;
            if (sha512Hex(candidate).startsWith(zeros)) {
                return candidate;
            }
        }
    }

    /** A string whose sha512 does not start with a zero: proof of no work at all. */
    public static String losingString(String prefix) {
        for (long counter = 0; ; counter++) {
            String candidate = prefix + counter;
            if (!sha512Hex(candidate).startsWith("0")) {
                return candidate;
            }
        }
    }

    /** Mines one coin for the address through the protocol; returns the coin's hash. */
    public static String mineCoin(PythonStyleClient client, String addr, String prefix, int difficulty) {
        String winning = mineWinningString(prefix, difficulty);
        String hash = sha512Hex(winning);
        String reply = client.send(request("cmd", "check", "winning_string", winning, "winning_hash", hash,
                "addr", addr));
        if (!parse(reply).path("success").asBoolean()) {
            throw new AssertionError("coin refused: " + reply);
        }
        return hash;
    }

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
