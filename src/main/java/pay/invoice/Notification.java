package pay.invoice;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Step 6: what Pay POSTs to the seller's {@code listen_url}, form-encoded in UTF-8.
 * The payload is {@code amount}, {@code from}, {@code txn_id}, {@code status} and every {@code sell_*}
 * field exactly as the seller gave it. Several senders are joined by commas in {@code from}; since every
 * BLC address is exactly 40 characters, the list splits unambiguously at every 41st character.
 * {@code attempt} (1, 2, …) marks redeliveries; it is delivery metadata, not payload. {@code apiKeyId} names
 * the key whose signing secret signs the delivery ({@code Pay-Signature}).
 */
public record Notification(String txnId, String listenUrl, int attempt, Map<String, String> payload, String apiKeyId) {

    public static final String ATTEMPT = "attempt";
    public static final String CONFIRM = "_confirm";

    public Notification {
        payload = Collections.unmodifiableMap(new LinkedHashMap<>(payload));
    }

    public static Notification of(Invoice invoice, int attempt) {
        return new Notification(invoice.txnId(), invoice.listenUrl(), attempt, payloadOf(invoice), invoice.apiKeyId());
    }

    /** The fields a seller's echo (6a) must give back unchanged. */
    public static Map<String, String> payloadOf(Invoice invoice) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("amount", Long.toString(invoice.received()));
        fields.put("from", String.join(",", invoice.senders()));
        fields.put("txn_id", invoice.txnId());
        fields.put("status", invoice.paymentStatus());
        fields.putAll(invoice.sellFields());
        return fields;
    }

    public String formBody() {
        Map<String, String> fields = new LinkedHashMap<>(payload);
        fields.put(ATTEMPT, Integer.toString(attempt));
        return fields.entrySet().stream()
                .map(f -> encode(f.getKey()) + "=" + encode(f.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
