package pay.invoice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pay.crypto.RandomTokens;
import pay.keys.ApiKey;
import pay.keys.ApiKeyStore;
import pay.store.InvoiceStore;

/**
 * The invoice state machine: each method is one step of the diagram's bookkeeping, and each writes its
 * change durably (through {@link InvoiceStore}) before the caller performs the side effect that follows.
 */
public final class Invoices {
    private static final String ADDRESS_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /** What the echo check (6b) decided, and the invoice as it stands afterwards (null if unknown). */
    public record ConfirmOutcome(boolean verified, Invoice invoice) {
        public String verdict() {
            return verified ? "VERIFIED" : "INVALID";
        }
    }

    /** Tunables of the state machine (properties {@code pay.*}). */
    public record Policy(InvoiceLimits limits, Duration expiry, WatchSchedule watch, RetrySchedule retries,
                         Duration notifyLease, Duration payoutLease) {
    }

    private final InvoiceStore store;
    private final ApiKeyStore keys;
    private final Policy policy;
    private final Clock clock;
    private final InvoiceAdmission admission;

    /** @param admission what a valid, authenticated request must also pass before it is stored (rate limit, listen_url policy) */
    public Invoices(InvoiceStore store, ApiKeyStore keys, Policy policy, Clock clock, InvoiceAdmission admission) {
        this.store = store;
        this.keys = keys;
        this.policy = policy;
        this.clock = clock;
        this.admission = admission;
    }

    /** Step 2: validates the seller's request and stores the invoice with a fresh deposit address. */
    public Invoice open(Map<String, String> form) {
        InvoiceRequest request = InvoiceRequest.parse(form, policy.limits());
        ApiKey key = keys.authenticate(request.apiKey())
                .orElseThrow(() -> new PayRejection(401, "unknown_api_key", InvoiceRequest.API_KEY,
                        "api_key is unknown or revoked"));
        admission.admit(key, request);
        Instant now = clock.instant();
        Invoice invoice = Invoice.open(
                "txn_" + RandomTokens.generate(RandomTokens.LOWERCASE_ALPHANUMERIC, 20), key.id(),
                "PAY-" + RandomTokens.generate(ADDRESS_ALPHABET, 36), request, now, now.plus(policy.expiry()));
        store.insert(invoice);
        return invoice;
    }

    /** After step 3: the address exists on the BLC server, so the invoice can be handed out and watched. */
    public Invoice activate(Invoice invoice) {
        return store.activate(invoice.txnId(), clock.instant());
    }

    /** Step 3 failed: nothing was handed out, so nothing is kept. */
    public void discard(Invoice invoice) {
        store.discardUnregistered(invoice.txnId());
    }

    /** Crash recovery: invoices whose registration outlived any request that could still be waiting on it. */
    public int discardStaleRegistrations(Duration olderThan) {
        return store.discardStaleRegistrations(clock.instant().minus(olderThan));
    }

    public Optional<Invoice> find(String txnId) {
        return store.find(txnId);
    }

    /** Step 4a: the deposit addresses to poll now. */
    public List<Invoice> dueForCheck(int limit) {
        return store.dueForCheck(clock.instant(), limit);
    }

    /**
     * Step 4a: records what the BLC server shows for an invoice's address and schedules its next poll.
     * Returns the invoice when it just became paid (it goes on to step 6), else null.
     */
    public Invoice recordDeposits(Invoice invoice, Deposits deposits) {
        Instant now = clock.instant();
        Invoice observed = invoice.withDeposits(deposits, now);
        Instant nextCheck = observed.watched() ? policy.watch().nextCheck(invoice.createdAt(), now).orElse(null) : null;
        return store.recordDeposits(observed, now, nextCheck)
                .filter(stored -> invoice.state() != InvoiceState.PAID && stored.state() == InvoiceState.PAID)
                .orElse(null);
    }

    /** Invoices with a notification or a payout due (new, retried, or left over by a crash). */
    public List<Invoice> pendingWork(int limit) {
        return store.pendingWork(clock.instant(), limit);
    }

    /**
     * Step 6: takes the invoice's notification for one delivery attempt; null when it is not due or another
     * worker has it.
     */
    public Notification claimNotification(Invoice invoice) {
        return store.claimNotification(invoice.txnId(), clock.instant(), policy.notifyLease()).orElse(null);
    }

    /** Step 6: logs an attempt; any 2xx delivers, anything else is retried on the schedule. */
    public void recordDelivery(Notification notification, Integer httpStatus, String error) {
        boolean delivered = error == null && httpStatus != null && httpStatus >= 200 && httpStatus < 300;
        String failure = delivered ? null : error != null ? error : "HTTP " + httpStatus;
        Instant now = clock.instant();
        Instant retryAt = delivered ? null
                : policy.retries().delayAfter(notification.attempt()).map(now::plus).orElse(null);
        store.recordAttempt(notification.txnId(), notification.attempt(), now, httpStatus,
                failure == null ? null : truncate(failure, 500), delivered, retryAt);
    }

    /** Step 6: logs an attempt that got no HTTP answer (refused, timed out, broken). */
    public void recordDeliveryFailure(Notification notification, Exception failure) {
        recordDelivery(notification, null, failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    public List<NotificationAttempt> attempts(String txnId) {
        return store.attempts(txnId);
    }

    /**
     * Steps 6a/6b: checks the seller's echo against what was notified. A matching echo confirms the
     * invoice once; replays of it are VERIFIED again and change nothing. A mismatch changes nothing.
     */
    public ConfirmOutcome confirm(Map<String, String> echo) {
        String txnId = echo.get("txn_id");
        Optional<Invoice> found = txnId == null ? Optional.empty() : store.find(txnId);
        if (found.isEmpty() || !found.get().state().confirmable() || !ConfirmMatcher.matches(found.get(), echo)) {
            return new ConfirmOutcome(false, found.orElse(null));
        }
        return new ConfirmOutcome(true, store.confirm(txnId, clock.instant()));
    }

    /**
     * Step 6c: takes a confirmed invoice for paying out ({@code paying_out} is durable before any coin moves);
     * null when another worker has it or it is already paid out.
     */
    public Invoice claimPayout(Invoice invoice) {
        return store.claimPayout(invoice.txnId(), clock.instant(), policy.payoutLease()).orElse(null);
    }

    /** Step 6c done: the coins left the deposit address. */
    public Invoice finishPayout(Invoice invoice, Payout payout) {
        return store.finishPayout(invoice.txnId(), payout.toSeller(), payout.fee(), clock.instant());
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
