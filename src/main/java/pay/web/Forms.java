package pay.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code application/x-www-form-urlencoded} in UTF-8: the one encoding Pay's forms go out in. */
public final class Forms {

    private Forms() {
    }

    /** The fields in their map's order, each value written as its {@code String.valueOf}. */
    public static String encode(Map<String, ?> fields) {
        return fields.entrySet().stream()
                .map(f -> encode(f.getKey()) + "=" + encode(String.valueOf(f.getValue())))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
