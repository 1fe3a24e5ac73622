package pay.web;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code application/x-www-form-urlencoded} in UTF-8: the one encoding Pay's forms go out and come in. */
public final class Forms {

    private Forms() {
    }

    /** The fields in their map's order, each value written as its {@code String.valueOf}. */
    public static String encode(Map<String, ?> fields) {
        return fields.entrySet().stream()
                .map(f -> encode(f.getKey()) + "=" + encode(String.valueOf(f.getValue())))
                .collect(Collectors.joining("&"));
    }

    /**
     * The fields of a form body in the order sent, a repeated name as often as it was given. Names and values
     * are exactly what percent-decoding gives ({@code +} is a space): nothing trimmed, nothing merged by case.
     * Empty pieces between {@code &}s are no fields (as browsers read them); a piece without {@code =} is a
     * field with an empty value.
     *
     * @throws IllegalArgumentException a {@code %} not followed by two hex digits, escaped bytes that are not
     *                                  UTF-8, or a field without a name
     */
    public static List<Map.Entry<String, String>> decode(String body) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (String piece : body.split("&")) {
            if (piece.isEmpty()) {
                continue;
            }
            int equals = piece.indexOf('=');
            String name = unescape(equals < 0 ? piece : piece.substring(0, equals));
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a field without a name");
            }
            fields.add(Map.entry(name, equals < 0 ? "" : unescape(piece.substring(equals + 1))));
        }
        return fields;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String unescape(String text) {
        if (text.indexOf('%') < 0) {
            return text.replace('+', ' ');
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int start = 0;
        for (int percent = text.indexOf('%'); percent >= 0; percent = text.indexOf('%', start)) {
            bytes.writeBytes(text.substring(start, percent).replace('+', ' ').getBytes(StandardCharsets.UTF_8));
            // ASCII hex only: Character.digit would also take other scripts' digits, as URLDecoder takes "%-1".
            if (percent + 2 >= text.length() || !HexFormat.isHexDigit(text.charAt(percent + 1))
                    || !HexFormat.isHexDigit(text.charAt(percent + 2))) {
                throw new IllegalArgumentException("a % not followed by two hex digits");
            }
            bytes.write(HexFormat.fromHexDigits(text, percent + 1, percent + 3));
            start = percent + 3;
        }
        bytes.writeBytes(text.substring(start).replace('+', ' ').getBytes(StandardCharsets.UTF_8));
        try {
            // A strict decoder: a byte that is not UTF-8 is refused, where new String(…) would put U+FFFD.
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("escaped bytes that are not UTF-8", e);
        }
    }
}
