package pay.invoice;

import java.util.Locale;

/**
 * Where an invoice stands. The names on the wire and in the database are the lower-case forms.
 *
 * <pre>
 * registering -> awaiting_payment -> paid -> notified -> confirmed -> paying_out -> paid_out
 *      |                \-> expired         (confirm may also come straight from paid)
 *      \-> (deleted: the BLC server refused or was unreachable, nothing was handed out)
 * </pre>
 */
public enum InvoiceState {
    /** Stored, deposit address being registered on the BLC server; not yet shown to anyone. */
    REGISTERING,
    /** Address registered and handed to the seller; watched until paid or expired. */
    AWAITING_PAYMENT,
    /** Received coins reached the price; the seller's notification (step 6) is being delivered. */
    PAID,
    /** The seller acknowledged the notification with a 2xx. */
    NOTIFIED,
    /** The seller's echo (step 6a) matched; the payout is due. */
    CONFIRMED,
    /** The payout (step 6c) was decided and may be partly done; resumed until the coins have left. */
    PAYING_OUT,
    /** The coins left the deposit address for the seller (and fee address). Final. */
    PAID_OUT,
    /** Nothing was paid before the invoice's expiry. */
    EXPIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InvoiceState fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** States in which a verified echo is answered VERIFIED: the confirmation, and every replay of it. */
    public boolean confirmable() {
        return this == PAID || this == NOTIFIED || this == CONFIRMED || this == PAYING_OUT || this == PAID_OUT;
    }
}
