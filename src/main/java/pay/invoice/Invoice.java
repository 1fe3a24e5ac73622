package pay.invoice;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One order's payment, as Pay stores it. Immutable: each change yields a new value that the store
 * writes in one transaction.
 *
 * @param paymentStatus  what the latest step-6 notification says; null before coins arrive
 * @param notificationId the id of the latest notification, the same on every redelivery; null before
 * @param received       coins that arrived at the deposit address so far (the payout does not lower it)
 * @param senders        addresses that paid, in order of their first payment
 * @param lastBalance    the deposit address's balance at the last poll
 * @param paidAt         when the latest notification became due
 * @param paidOut        coins sent to the seller so far
 * @param fee            coins sent to the fee address so far
 */
public record Invoice(String txnId, String apiKeyId, String address, long price, String listenUrl,
                      String payoutAddr, Map<String, String> sellFields, InvoiceState state,
                      PaymentStatus paymentStatus, String notificationId, long received, List<String> senders,
                      long lastBalance, Instant createdAt, Instant expiresAt, Instant paidAt, int notifyAttempts,
                      long paidOut, long fee, int version) {

    public Invoice {
        sellFields = Collections.unmodifiableMap(new LinkedHashMap<>(sellFields));
        senders = List.copyOf(senders);
    }

    /** A fresh invoice, stored before its address is registered on the BLC server. */
    public static Invoice open(String txnId, String apiKeyId, String address, InvoiceRequest request,
                               Instant now, Instant expiresAt) {
        return new Invoice(txnId, apiKeyId, address, request.price(), request.listenUrl().toString(),
                request.payoutAddr(), request.sellFields(), InvoiceState.REGISTERING, null, null, 0, List.of(), 0,
                now, expiresAt, null, 0, 0, 0, 0);
    }

    /**
     * What the invoice becomes after a poll saw {@code deposits} at its address. It is paid once the
     * coins received reach the price less {@code toleranceCoins}; less than that at expiry is
     * underpaid; coins after a payout or refund are an extra payment. Each of these makes a new
     * notification ({@code newNotificationId}) due; otherwise only the figures change.
     */
    public Invoice withDeposits(Deposits deposits, Instant now, long toleranceCoins, String newNotificationId) {
        boolean late = state == InvoiceState.EXPIRED || now.isAfter(expiresAt);
        PaymentStatus status = null;
        if (state == InvoiceState.AWAITING_PAYMENT || state == InvoiceState.EXPIRED) {
            if (deposits.received() >= price - toleranceCoins) {
                status = late ? PaymentStatus.PAID_LATE
                        : deposits.received() > price ? PaymentStatus.OVERPAID : PaymentStatus.PAID;
            } else if (late && deposits.received() > 0) {
                status = PaymentStatus.UNDERPAID;
            }
        } else if (state.watched() && deposits.received() > received) {
            status = PaymentStatus.EXTRA_PAYMENT;
        }
        if (status != null) {
            return new Invoice(txnId, apiKeyId, address, price, listenUrl, payoutAddr, sellFields, InvoiceState.PAID,
                    status, newNotificationId, deposits.received(), deposits.senders(), deposits.balance(), createdAt,
                    expiresAt, now, 0, paidOut, fee, version);
        }
        InvoiceState next = state == InvoiceState.AWAITING_PAYMENT && late ? InvoiceState.EXPIRED : state;
        return new Invoice(txnId, apiKeyId, address, price, listenUrl, payoutAddr, sellFields, next, paymentStatus,
                notificationId, deposits.received(), deposits.senders(), deposits.balance(), createdAt, expiresAt,
                paidAt, notifyAttempts, paidOut, fee, version);
    }
}
