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
 * @param received coins that arrived at the deposit address so far
 * @param senders  addresses that paid, in order of their first payment
 * @param paymentStatus what the seller is told in step 6 ({@code paid}, {@code paid_late}, {@code overpaid}); null before payment
 */
public record Invoice(String txnId, String apiKeyId, String address, long price, String listenUrl,
                      String payoutAddr, Map<String, String> sellFields, InvoiceState state,
                      String paymentStatus, long received, List<String> senders, long lastBalance,
                      Instant createdAt, Instant expiresAt, int notifyAttempts, Long paidOut, Long fee,
                      int version) {

    public Invoice {
        sellFields = Collections.unmodifiableMap(new LinkedHashMap<>(sellFields));
        senders = List.copyOf(senders);
    }

    /** A fresh invoice, stored before its address is registered on the BLC server. */
    public static Invoice open(String txnId, String apiKeyId, String address, InvoiceRequest request,
                               Instant now, Instant expiresAt) {
        return new Invoice(txnId, apiKeyId, address, request.price(), request.listenUrl().toString(),
                request.payoutAddr(), request.sellFields(), InvoiceState.REGISTERING, null, 0, List.of(), 0,
                now, expiresAt, 0, null, null, 0);
    }

    /**
     * What the invoice becomes after the deposit address was seen holding {@code deposits}.
     * Paid as soon as the coins received reach the price; a payment after expiry is {@code paid_late}.
     */
    public Invoice withDeposits(Deposits deposits, Instant now) {
        InvoiceState nextState = state;
        String status = paymentStatus;
        boolean watching = state == InvoiceState.AWAITING_PAYMENT || state == InvoiceState.EXPIRED;
        if (watching && deposits.received() >= price) {
            nextState = InvoiceState.PAID;
            status = state == InvoiceState.EXPIRED || now.isAfter(expiresAt) ? "paid_late"
                    : deposits.received() > price ? "overpaid" : "paid";
        } else if (state == InvoiceState.AWAITING_PAYMENT && deposits.received() == 0 && now.isAfter(expiresAt)) {
            nextState = InvoiceState.EXPIRED;
        }
        return new Invoice(txnId, apiKeyId, address, price, listenUrl, payoutAddr, sellFields, nextState, status,
                deposits.received(), deposits.senders(), deposits.balance(), createdAt, expiresAt, notifyAttempts,
                paidOut, fee, version);
    }

    public Invoice withState(InvoiceState nextState) {
        return new Invoice(txnId, apiKeyId, address, price, listenUrl, payoutAddr, sellFields, nextState,
                paymentStatus, received, senders, lastBalance, createdAt, expiresAt, notifyAttempts, paidOut, fee,
                version);
    }

    /** Whether the deposit address is still polled (4a). */
    public boolean watched() {
        return state == InvoiceState.AWAITING_PAYMENT || state == InvoiceState.EXPIRED;
    }
}
