package pay.invoice;

import java.util.Locale;

/**
 * Where an invoice stands. The names on the wire and in the database are the lower-case forms.
 *
 * <pre>
 * registering -> awaiting_payment -> paid <-> notified -> confirmed -> paying_out -> paid_out
 *      |              |      ^         \        \          (no echo in time: again)   |
 *      |              v      |          +--------+-> parked (delivery gave up)       | coins arrive
 *      |           expired --+          \        \                                   v again
 *      |                                 +--------+-> refunding -> refunded        paid (extra_payment)
 *      \-> (deleted: the BLC server did not register the address; nothing was handed out)
 * </pre>
 */
public enum InvoiceState {
    /** Stored, deposit address being registered on the BLC server; not yet shown to anyone. */
    REGISTERING,
    /** Address registered and handed to the seller; watched until paid or expired. */
    AWAITING_PAYMENT,
    /** Nothing (or too little) arrived before expiry; still watched for the monitoring window. */
    EXPIRED,
    /** Coins arrived that the seller must hear about (the status says how: paid, underpaid, …); step 6 under way. */
    PAID,
    /** The seller acknowledged the notification with a 2xx. */
    NOTIFIED,
    /** Every delivery attempt failed; waits for an admin to resend, pay out or refund. */
    PARKED,
    /** The seller's echo (step 6a) matched, or an admin released the payout; step 6c is due. */
    CONFIRMED,
    /** The payout (step 6c) was decided and may be partly done; resumed until the coins have left. */
    PAYING_OUT,
    /** The coins left the deposit address for the seller (and fee address). */
    PAID_OUT,
    /** The coins are being sent back to whoever sent them. */
    REFUNDING,
    /** The coins went back to their senders. */
    REFUNDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InvoiceState fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** Not yet confirmed: what a seller's confirmation, an admin's resend or release may move on from. */
    public boolean unsettled() {
        return this == PAID || this == NOTIFIED || this == PARKED;
    }

    /** States in which a verified echo is answered VERIFIED: the confirmation, and every replay of it. */
    public boolean confirmable() {
        return this == PAID || this == NOTIFIED || this == PARKED || this == CONFIRMED || this == PAYING_OUT
                || this == PAID_OUT;
    }

    /** States whose deposit address is polled (4a): waiting for coins, or settled but still in the window. */
    public boolean watched() {
        return this == AWAITING_PAYMENT || this == EXPIRED || this == PAID_OUT || this == REFUNDED;
    }
}
