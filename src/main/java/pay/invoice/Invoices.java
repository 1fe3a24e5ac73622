package pay.invoice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import pay.crypto.RandomTokens;
import pay.keys.ApiKey;
import pay.keys.ApiKeyStore;
import pay.store.InvoiceStore;

/**
 * The invoice state machine: each method is one step of the diagram's bookkeeping, and each writes its
 * change durably (through {@link InvoiceStore}) before the caller performs the side effect that follows.
 * Methods the routes call return null for "nothing to do" so a route can filter on it.
 */
public final class Invoices {
    private static final String ADDRESS_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /** What the echo check (6b) decided, and the invoice as it stands afterwards (null if unknown). */
    public record ConfirmOutcome(boolean verified, Invoice invoice) {
        public String verdict() {
            return verified ? "VERIFIED" : "INVALID";
        }
    }

    /**
     * Tunables of the state machine (properties {@code pay.*}).
     *
     * @param tolerancePercent how far below the price a payment still counts as paid
     * @param echoTimeout      how long after a delivered notification Pay waits for the seller's echo before
     *                         delivering it again
     * @param refundAfter      unconfirmed underpaid, late and extra payments are refunded after this; null: never
     */
    public record Policy(InvoiceLimits limits, Duration expiry, double tolerancePercent, WatchSchedule watch,
                         Duration outageBackoff, RetrySchedule retries, Duration notifyLease, Duration echoTimeout,
                         Duration settleLease, Duration refundAfter) {
    }

    private final InvoiceStore store;
    private final DeliverySlots deliverySlots;
    private final ApiKeyStore keys;
    private final Policy policy;
    private final Clock clock;
    private final InvoiceAdmission admission;

    /** @param admission what a valid, authenticated request must also pass before it is stored (rate limit, listen_url policy) */
    public Invoices(InvoiceStore store, ApiKeyStore keys, Policy policy, Clock clock, InvoiceAdmission admission,
                    DeliverySlots deliverySlots) {
        this.deliverySlots = deliverySlots;
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
        Invoice invoice = Invoice.open(id("txn_"), key.id(), "PAY-" + RandomTokens.generate(ADDRESS_ALPHABET, 36),
                request, now, now.plus(policy.expiry()));
        store.insert(invoice);
        FailPoints.reach("invoice-stored");
        return invoice;
    }

    /** After step 3: the address exists on the BLC server, so the invoice can be handed out and watched. */
    public Invoice activate(Invoice invoice) {
        Invoice active = store.activate(invoice.txnId(), clock.instant());
        FailPoints.reach("invoice-activated");
        return active;
    }

    /** Step 3 failed: nothing was handed out, so nothing is kept. */
    public void discard(Invoice invoice) {
        store.discardUnregistered(invoice.txnId());
    }

    public Optional<Invoice> find(String txnId) {
        return store.find(txnId);
    }

    /**
     * Step 4a: the deposit addresses to poll on this tick: those due before the next tick, so an address
     * is polled at its interval rather than at the first tick after it.
     */
    public List<Invoice> dueForCheck(int limit, long tickMillis) {
        return store.dueForCheck(clock.instant().plusMillis(tickMillis), limit);
    }

    /**
     * Step 4a: records what the BLC server shows for an invoice's address and schedules its next poll.
     * Returns the invoice when it has a new notification due (it goes on to step 6), else null.
     */
    public Invoice recordDeposits(Invoice invoice, Deposits deposits) {
        Instant now = clock.instant();
        long tolerance = (long) Math.floor(invoice.price() * policy.tolerancePercent() / 100);
        Invoice observed = invoice.withDeposits(deposits, now, tolerance, id("ntf_"));
        boolean notificationDue = observed.state() == InvoiceState.PAID && invoice.state() != InvoiceState.PAID;
        Instant nextCheck = observed.state().watched()
                ? policy.watch().nextCheck(invoice.createdAt(), now).orElse(null) : null;
        if (observed.equals(invoice)) {
            store.reschedule(invoice.txnId(), invoice.version(), nextCheck);
            return null;
        }
        if (store.recordDeposits(observed, notificationDue, now, nextCheck) && notificationDue) {
            FailPoints.reach("deposits-recorded");
            return store.find(invoice.txnId()).orElse(null);
        }
        return null;
    }

    /** Step 4a could not reach the BLC server: poll this address again after the outage backoff. */
    public void deferCheck(Invoice invoice) {
        store.deferCheck(invoice.txnId(), clock.instant().plus(policy.outageBackoff()));
    }

    /**
     * Invoices with work due: a notification to (re)send, or a payout or refund to start or resume.
     * Unconfirmed underpaid, late and extra payments past {@code pay.refund.after} join the refunds first.
     */
    public List<Invoice> pendingWork(int limit) {
        Instant now = clock.instant();
        if (policy.refundAfter() != null) {
            Set<PaymentStatus> refundable = EnumSet.noneOf(PaymentStatus.class);
            for (PaymentStatus status : PaymentStatus.values()) {
                if (status.refundableUnconfirmed()) {
                    refundable.add(status);
                }
            }
            store.startDueRefunds(refundable, now.minus(policy.refundAfter()), now);
        }
        store.renotifyUnechoed(now, policy.retries().delays().size() + 1);
        return store.pendingWork(now, limit);
    }

    /**
     * Step 6: takes the invoice's notification for one delivery attempt; null when it is not due or another
     * worker has it.
     */
    public Notification claimNotification(Invoice invoice) {
        if (!deliverySlots.take(invoice.listenUrl())) {
            return null;
        }
        Notification notification = store.claimNotification(invoice.txnId(), clock.instant(), policy.notifyLease(),
                id("dlv_")).orElse(null);
        if (notification == null) {
            deliverySlots.giveBack(invoice.listenUrl());
        } else {
            FailPoints.reach("notification-claimed");
        }
        return notification;
    }

    /**
     * Step 6: logs an attempt. Any 2xx delivers, and the seller's echo is then awaited until the later of
     * {@code echoTimeout} and the schedule's next delay: an echo lost on the way must not leave the coins
     * waiting for ever. Anything else is retried on the schedule, then parked.
     */
    public void recordDelivery(Notification notification, Integer httpStatus, String error) {
        FailPoints.reach("notification-sent");
        deliverySlots.giveBack(notification.listenUrl());
        boolean delivered = error == null && httpStatus != null && httpStatus >= 200 && httpStatus < 300;
        String failure = delivered ? null : error != null ? error : "HTTP " + httpStatus;
        Instant now = clock.instant();
        Optional<Duration> retryDelay = policy.retries().delayAfter(notification.attempt());
        Instant next = delivered
                ? now.plus(retryDelay.filter(delay -> delay.compareTo(policy.echoTimeout()) > 0)
                        .orElse(policy.echoTimeout()))
                : retryDelay.map(now::plus).orElse(null);
        store.recordAttempt(notification, now, httpStatus, failure == null ? null : truncate(failure, 500),
                delivered, next);
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
        Invoice confirmed = store.confirm(txnId, clock.instant());
        FailPoints.reach("invoice-confirmed");
        return new ConfirmOutcome(true, confirmed);
    }

    /**
     * Step 6c: takes a confirmed invoice for paying out ({@code paying_out} is durable before any coin
     * moves); null when another worker has it or it is already paid out.
     */
    public Invoice claimPayout(Invoice invoice) {
        Invoice claimed = store.claimPayout(invoice.txnId(), clock.instant(), policy.settleLease()).orElse(null);
        if (claimed != null) {
            FailPoints.reach("payout-claimed");
        }
        return claimed;
    }

    /** Step 6c done: the coins left the deposit address; it stays watched for stray coins. */
    public Invoice finishPayout(Invoice invoice, Payout totals) {
        Instant now = clock.instant();
        return store.finishPayout(invoice.txnId(), totals.toSeller(), totals.fee(), now, nextCheck(invoice, now));
    }

    /** Takes a refund for one run; null when another worker has it. */
    public Invoice claimRefund(Invoice invoice) {
        Invoice claimed = store.claimRefund(invoice.txnId(), clock.instant(), policy.settleLease()).orElse(null);
        if (claimed != null) {
            FailPoints.reach("refund-claimed");
        }
        return claimed;
    }

    public Invoice finishRefund(Invoice invoice) {
        Instant now = clock.instant();
        return store.finishRefund(invoice.txnId(), now, nextCheck(invoice, now));
    }

    private Instant nextCheck(Invoice invoice, Instant now) {
        return policy.watch().nextCheck(invoice.createdAt(), now).orElse(null);
    }

    private static String id(String prefix) {
        return prefix + RandomTokens.generate(RandomTokens.LOWERCASE_ALPHANUMERIC, 20);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
