package pay.invoice;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pay.store.InvoiceStore;

/**
 * What an admin may do to invoices, from the CLI while Pay runs: look, resend a notification, and
 * release an unconfirmed invoice to payout or refund. Each action is idempotent and logged with the
 * invoice; the running Pay picks the work up on its next pending-work tick.
 */
public final class InvoiceAdmin {
    private final InvoiceStore store;
    private final Clock clock;

    public InvoiceAdmin(InvoiceStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public List<Invoice> list(InvoiceState stateOrNull, int limit) {
        return store.list(stateOrNull, limit);
    }

    /** The invoices of one seller (API key id), newest first. */
    public List<Invoice> listForApiKey(String apiKeyId, int limit) {
        return store.listForApiKey(apiKeyId, limit);
    }

    public Map<InvoiceState, Long> countByState() {
        return store.countByState();
    }

    public Optional<Invoice> find(String txnId) {
        return store.find(txnId);
    }

    public List<NotificationAttempt> attempts(String txnId) {
        return store.attempts(txnId);
    }

    public List<InvoiceAction> actions(String txnId) {
        return store.actions(txnId);
    }

    public Map<String, List<NotificationAttempt>> attempts(List<String> txnIds) {
        return store.attempts(txnIds);
    }

    public Map<String, List<InvoiceAction>> actions(List<String> txnIds) {
        return store.actions(txnIds);
    }

    /** Delivers the latest notification again, now. False when the invoice is past confirmation. */
    public boolean resend(String txnId) {
        return store.act(txnId, "resend", InvoiceState.PAID, clock.instant());
    }

    /** Pays out an unconfirmed (e.g. parked) invoice as if the seller had confirmed it. */
    public boolean releasePayout(String txnId) {
        return store.act(txnId, "release-payout", InvoiceState.CONFIRMED, clock.instant());
    }

    /** Sends an unconfirmed invoice's coins back to their senders. */
    public boolean releaseRefund(String txnId) {
        return store.act(txnId, "release-refund", InvoiceState.REFUNDING, clock.instant());
    }
}
