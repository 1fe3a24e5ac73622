package pay.invoice;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import pay.web.Forms;

/**
 * Step 6: what Pay POSTs to the seller's {@code listen_url}, form-encoded in UTF-8.
 * The payload is {@code amount}, {@code from}, {@code txn_id}, {@code status}, {@code notification_id}
 * and every {@code sell_*} field exactly as the seller gave it. Several senders are joined by commas
 * in {@code from}; every BLC address is exactly 40 characters, so the list splits unambiguously at
 * every 41st character. Each delivery adds its own metadata: {@code delivery_id} (unique),
 * {@code attempt} (1, 2, …) and {@code redelivery} ({@code true} from the second attempt on), so
 * sellers dedupe on {@code notification_id}.
 */
public record Notification(String txnId, String apiKeyId, String listenUrl, int attempt, String deliveryId,
                           Map<String, String> payload) {

    public static final String CONFIRM = "_confirm";
    /** Fields that differ between deliveries of one notification; the echo check ignores them. */
    public static final Set<String> DELIVERY_FIELDS = Set.of("attempt", "delivery_id", "redelivery");

    public Notification {
        payload = Collections.unmodifiableMap(new LinkedHashMap<>(payload));
    }

    public static Notification of(Invoice invoice, int attempt, String deliveryId) {
        return new Notification(invoice.txnId(), invoice.apiKeyId(), invoice.listenUrl(), attempt, deliveryId,
                payloadOf(invoice));
    }

    /** The fields a seller's echo (6a) must give back unchanged. */
    public static Map<String, String> payloadOf(Invoice invoice) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("amount", Long.toString(invoice.received()));
        fields.put("from", String.join(",", invoice.senders()));
        fields.put("txn_id", invoice.txnId());
        fields.put("status", invoice.paymentStatus().wireName());
        fields.put("notification_id", invoice.notificationId());
        fields.putAll(invoice.sellFields());
        return fields;
    }

    public String formBody() {
        Map<String, String> fields = new LinkedHashMap<>(payload);
        fields.put("delivery_id", deliveryId);
        fields.put("attempt", Integer.toString(attempt));
        fields.put("redelivery", Boolean.toString(attempt > 1));
        return Forms.encode(fields);
    }
}
