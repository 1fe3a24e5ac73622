package pay.invoice;

import java.util.Locale;

/** What a step-6 notification says about the coins received. */
public enum PaymentStatus {
    /** The price (within the payment tolerance) arrived before expiry. */
    PAID,
    /** More than the price arrived before expiry. */
    OVERPAID,
    /** Less than the price had arrived when the invoice expired. */
    UNDERPAID,
    /** The price arrived, but after the invoice expired. */
    PAID_LATE,
    /** Coins arrived after the invoice had been paid out or refunded. */
    EXTRA_PAYMENT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PaymentStatus fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** Statuses that are refunded automatically when the seller does not confirm them in time. */
    public boolean refundableUnconfirmed() {
        return this == UNDERPAID || this == PAID_LATE || this == EXTRA_PAYMENT;
    }
}
