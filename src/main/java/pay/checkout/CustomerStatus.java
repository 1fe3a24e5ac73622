package pay.checkout;

import pay.invoice.Invoice;
import pay.invoice.PaymentStatus;

/**
 * An invoice as its customer sees it: Pay's states in a customer's words. The customer never learns how
 * the seller's side is going (a parked notification reads as "paid", like a delivered one).
 *
 * @param key      a stable name for scripts and styles: {@code awaiting}, {@code paid}, {@code confirmed},
 *                 {@code paid_out}, {@code expired}, {@code underpaid}, {@code paid_late}, {@code extra_payment},
 *                 {@code refunding} or {@code refunded}
 * @param headline one or two words
 * @param detail   one sentence on what happened and what comes next
 * @param payable  whether the customer should (still) send coins: only while awaiting payment
 * @param settled  whether the status can no longer change in the customer's favour or disfavour, so a page
 *                 may stop asking
 */
public record CustomerStatus(String key, String headline, String detail, boolean payable, boolean settled) {

    public static CustomerStatus of(Invoice invoice) {
        long price = invoice.price();
        long received = invoice.received();
        return switch (invoice.state()) {
            case REGISTERING -> throw new IllegalArgumentException(
                    "invoice " + invoice.txnId() + " is still registering; it is never shown");
            case AWAITING_PAYMENT -> received == 0
                    ? new CustomerStatus("awaiting", "Awaiting payment",
                            "Send " + price + " BLC to the address below before the time runs out.", true, false)
                    : new CustomerStatus("awaiting", "Partly paid",
                            received + " of " + price + " BLC received: send the remaining " + (price - received)
                                    + " BLC to the same address.", true, false);
            case EXPIRED -> new CustomerStatus("expired", "Expired",
                    "No payment arrived in time. Please ask the seller for a new invoice.", false, false);
            case PAID, NOTIFIED, PARKED -> coinsArrived(invoice);
            case CONFIRMED, PAYING_OUT -> new CustomerStatus("confirmed", "Confirmed",
                    "The seller confirmed your payment of " + received + " BLC.", false, false);
            case PAID_OUT -> new CustomerStatus("paid_out", "Paid out",
                    "The seller confirmed your payment of " + received + " BLC and has been paid. All done.", false,
                    true);
            case REFUNDING -> new CustomerStatus("refunding", "Refunding",
                    "Your coins are being sent back to the address they came from.", false, false);
            case REFUNDED -> new CustomerStatus("refunded", "Refunded",
                    "Your coins were sent back to the address they came from.", false, true);
        };
    }

    /** Coins arrived and the seller has not confirmed yet: what the payment amounted to. */
    private static CustomerStatus coinsArrived(Invoice invoice) {
        long price = invoice.price();
        long received = invoice.received();
        PaymentStatus status = invoice.paymentStatus() == null ? PaymentStatus.PAID : invoice.paymentStatus();
        return switch (status) {
            case PAID, OVERPAID -> new CustomerStatus("paid", "Paid",
                    received + " BLC received. Waiting for the seller to confirm.", false, false);
            case UNDERPAID -> new CustomerStatus("underpaid", "Underpaid",
                    "Only " + received + " of " + price + " BLC arrived before the invoice expired. The seller"
                            + " decides; otherwise your coins are sent back.", false, false);
            case PAID_LATE -> new CustomerStatus("paid_late", "Paid after expiry",
                    received + " BLC arrived after the invoice expired. The seller decides; otherwise your coins"
                            + " are sent back.", false, false);
            case EXTRA_PAYMENT -> new CustomerStatus("extra_payment", "Extra coins received",
                    "More coins arrived after this invoice was settled. The seller decides; otherwise they are"
                            + " sent back.", false, false);
        };
    }
}
