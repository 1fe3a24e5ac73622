package pay.invoice;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Step 6b: does the seller's echo match what Pay notified? Compared field by field after form decoding
 * (so re-encoding by the seller's framework does not matter): the echo must hold exactly the payload
 * fields with identical values. {@code _confirm} and the delivery's own fields ({@code delivery_id},
 * {@code attempt}, {@code redelivery}) are ignored; any other extra or missing field, or any changed
 * value, makes the echo INVALID.
 */
public final class ConfirmMatcher {

    private ConfirmMatcher() {
    }

    public static boolean matches(Invoice invoice, Map<String, String> echo) {
        if (invoice.paymentStatus() == null) {
            return false;
        }
        Map<String, String> echoed = new LinkedHashMap<>(echo);
        echoed.remove(Notification.CONFIRM);
        echoed.keySet().removeAll(Notification.DELIVERY_FIELDS);
        return echoed.equals(Notification.payloadOf(invoice));
    }
}
