package pay.invoice;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Step 2, validated: what a seller asks Pay to collect. */
public record InvoiceRequest(long price, String apiKey, URI listenUrl, String payoutAddr,
                             Map<String, String> sellFields) {

    public static final String PRICE = "price";
    public static final String API_KEY = "api_key";
    public static final String LISTEN_URL = "listen_url";
    public static final String PAYOUT_ADDR = "payout_addr";
    public static final String SELL_PREFIX = "sell_";

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
    private static final Pattern SELL_NAME = Pattern.compile("sell_[A-Za-z0-9_.\\-]+");

    /** sell_* fields are kept in name order: form decoding does not keep the order a seller sent them in. */
    public InvoiceRequest {
        sellFields = Collections.unmodifiableMap(new TreeMap<>(sellFields));
    }

    /**
     * Validates a decoded form. Every field is checked before anything else happens, so a bad request
     * is refused with the first offending field and changes nothing.
     */
    public static InvoiceRequest parse(Map<String, String> form, InvoiceLimits limits) {
        Map<String, String> sell = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : form.entrySet()) {
            String name = field.getKey();
            if (name.startsWith(SELL_PREFIX)) {
                checkSellField(name, field.getValue(), limits);
                sell.put(name, field.getValue());
            } else if (!name.equals(PRICE) && !name.equals(API_KEY) && !name.equals(LISTEN_URL)
                    && !name.equals(PAYOUT_ADDR)) {
                throw PayRejection.badField("unknown_field", name,
                        "unknown field '" + printable(name) + "': custom data goes in sell_* fields");
            }
        }
        if (sell.size() > limits.maxSellFields()) {
            throw PayRejection.badField("too_many_sell_fields", null,
                    "at most " + limits.maxSellFields() + " sell_* fields");
        }
        return new InvoiceRequest(
                price(required(form, PRICE), limits),
                required(form, API_KEY),
                listenUrl(required(form, LISTEN_URL), limits),
                blcAddress(PAYOUT_ADDR, required(form, PAYOUT_ADDR)),
                sell);
    }

    /** BLC addresses are exactly 40 characters; Pay also insists on visible ASCII so they survive every hop. */
    public static String blcAddress(String field, String value) {
        if (value.length() != 40 || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw PayRejection.badField("invalid_" + field, field,
                    field + " must be a BLC address: exactly 40 visible ASCII characters");
        }
        return value;
    }

    private static String required(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isBlank()) {
            throw PayRejection.badField("missing_field", name, name + " is required");
        }
        return value.strip();
    }

    private static long price(String value, InvoiceLimits limits) {
        if (!DIGITS.matcher(value).matches()) {
            throw PayRejection.badField("invalid_price", PRICE, "price must be a whole number of BLC coins");
        }
        long price;
        try {
            price = Long.parseLong(value);
        } catch (NumberFormatException tooLarge) {
            price = Long.MAX_VALUE;
        }
        if (price < 1 || price > limits.maxPrice()) {
            throw PayRejection.badField("invalid_price", PRICE,
                    "price must be between 1 and " + limits.maxPrice() + " coins");
        }
        return price;
    }

    private static URI listenUrl(String value, InvoiceLimits limits) {
        URI url;
        try {
            url = value.length() > limits.maxUrlLength() ? null : new URI(value);
        } catch (URISyntaxException malformed) {
            url = null;
        }
        String scheme = url == null ? null : url.getScheme();
        if (url == null || scheme == null || url.getHost() == null || url.getRawUserInfo() != null
                || !(scheme.toLowerCase(Locale.ROOT).equals("http") || scheme.toLowerCase(Locale.ROOT).equals("https"))) {
            throw PayRejection.badField("invalid_listen_url", LISTEN_URL,
                    "listen_url must be an absolute http(s) URL without credentials, at most "
                            + limits.maxUrlLength() + " characters");
        }
        return url;
    }

    private static void checkSellField(String name, String value, InvoiceLimits limits) {
        if (name.length() > limits.maxSellNameLength() || !SELL_NAME.matcher(name).matches()) {
            throw PayRejection.badField("invalid_sell_field", printable(name),
                    "sell_* names are at most " + limits.maxSellNameLength()
                            + " characters of letters, digits, '_', '-' and '.'");
        }
        if (value.length() > limits.maxSellValueLength()) {
            throw PayRejection.badField("invalid_sell_field", name,
                    name + " is longer than " + limits.maxSellValueLength() + " characters");
        }
    }

    /** Field names come from strangers: keep them short and printable before echoing them back. */
    private static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
