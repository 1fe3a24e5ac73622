package pay.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import pay.invoice.Invoice;
import pay.invoice.InvoiceAction;
import pay.invoice.InvoiceState;
import pay.invoice.Notification;
import pay.invoice.NotificationAttempt;
import pay.invoice.PaymentStatus;

/**
 * Invoices in SQL. Every public method is one atomic change (or one read) and commits before it
 * returns, so each state is durable before the side effect that follows it. Changes that depend on
 * what was read compare the row's {@code version} or state, so two workers never both win.
 */
public final class InvoiceStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "txn_id, api_key_id, address, price, listen_url, payout_addr, sell_fields,"
            + " state, payment_status, notification_id, received, senders, last_balance, created_at, expires_at,"
            + " paid_at, notify_attempts, paid_out, fee, version";
    /** {@link InvoiceState#unsettled()}, as an SQL list. */
    private static final String UNSETTLED = Arrays.stream(InvoiceState.values()).filter(InvoiceState::unsettled)
            .map(state -> "'" + state.wireName() + "'").collect(Collectors.joining(", ", "(", ")"));

    private final DataSource dataSource;

    public InvoiceStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores a fresh invoice in {@code registering}, before its address exists on the BLC server. */
    public void insert(Invoice invoice) {
        update("Could not store invoice " + invoice.txnId(), "INSERT INTO invoices (" + COLUMNS
                        + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                invoice.txnId(), invoice.apiKeyId(), invoice.address(), invoice.price(), invoice.listenUrl(),
                invoice.payoutAddr(), toJson(invoice.sellFields()), invoice.state().wireName(),
                wire(invoice.paymentStatus()), invoice.notificationId(), invoice.received(),
                toJson(invoice.senders()), invoice.lastBalance(), millis(invoice.createdAt()),
                millis(invoice.expiresAt()), millis(invoice.paidAt()), invoice.notifyAttempts(), invoice.paidOut(),
                invoice.fee(), invoice.version(), millis(invoice.createdAt()));
    }

    /** {@code registering -> awaiting_payment}: the address is registered and may be handed out. */
    public Invoice activate(String txnId, Instant now) {
        int changed = update("Could not activate invoice " + txnId,
                "UPDATE invoices SET state = ?, next_check_at = ?, version = version + 1, updated_at = ?"
                        + " WHERE txn_id = ? AND state = ?",
                InvoiceState.AWAITING_PAYMENT.wireName(), millis(now), millis(now), txnId,
                InvoiceState.REGISTERING.wireName());
        if (changed != 1) {
            throw new IllegalStateException("invoice " + txnId + " is not registering");
        }
        return require(txnId);
    }

    /** Forgets an invoice whose address could not be registered; nothing was handed out for it. */
    public boolean discardUnregistered(String txnId) {
        return update("Could not discard invoice " + txnId, "DELETE FROM invoices WHERE txn_id = ? AND state = ?",
                txnId, InvoiceState.REGISTERING.wireName()) == 1;
    }

    public Optional<Invoice> find(String txnId) {
        return invoices("Could not read invoice " + txnId, "WHERE txn_id = ?", txnId).stream().findFirst();
    }

    /** Invoices in {@code state} (all when null), newest first. */
    public List<Invoice> list(InvoiceState state, int limit) {
        return state == null
                ? invoices("Could not list invoices", "ORDER BY created_at DESC LIMIT ?", limit)
                : invoices("Could not list invoices", "WHERE state = ? ORDER BY created_at DESC LIMIT ?",
                state.wireName(), limit);
    }

    /** The invoices created with the API key {@code apiKeyId}, newest first. */
    public List<Invoice> listForApiKey(String apiKeyId, int limit) {
        return invoices("Could not list the invoices of key " + apiKeyId,
                "WHERE api_key_id = ? ORDER BY created_at DESC LIMIT ?", apiKeyId, limit);
    }

    /** Deposit addresses whose next poll (4a) is due by {@code by}, most overdue first. */
    public List<Invoice> dueForCheck(Instant by, int limit) {
        return invoices("Could not list invoices to check", "WHERE next_check_at <= ? ORDER BY next_check_at LIMIT ?",
                millis(by), limit);
    }

    /**
     * Writes what a poll saw, if nobody changed the invoice meanwhile. With {@code notificationDue} its
     * new notification is due at once. Returns false when the row moved on (the next poll sees the
     * fresh one).
     */
    public boolean recordDeposits(Invoice observed, boolean notificationDue, Instant now, Instant nextCheck) {
        int changed = update("Could not record deposits of " + observed.txnId(),
                "UPDATE invoices SET state = ?, payment_status = ?, notification_id = ?, received = ?, senders = ?,"
                        + " last_balance = ?, paid_at = ?, notify_attempts = ?, next_check_at = ?,"
                        + " next_notify_at = CASE WHEN ? = 1 THEN ? ELSE next_notify_at END,"
                        + " version = version + 1, updated_at = ? WHERE txn_id = ? AND version = ?",
                observed.state().wireName(), wire(observed.paymentStatus()), observed.notificationId(),
                observed.received(), toJson(observed.senders()), observed.lastBalance(), millis(observed.paidAt()),
                observed.notifyAttempts(), millis(nextCheck), notificationDue ? 1 : 0, millis(now), millis(now),
                observed.txnId(), observed.version());
        return changed == 1;
    }

    /** A poll that saw nothing new: only the next poll's time changes (the cheapest write a poll makes). */
    public void reschedule(String txnId, int version, Instant nextCheck) {
        update("Could not reschedule the check of " + txnId,
                "UPDATE invoices SET next_check_at = ? WHERE txn_id = ? AND version = ?", millis(nextCheck), txnId,
                version);
    }

    /** Polls an address again only at {@code nextCheck} (the BLC server did not answer). */
    public void deferCheck(String txnId, Instant nextCheck) {
        update("Could not defer the check of " + txnId,
                "UPDATE invoices SET next_check_at = ? WHERE txn_id = ? AND next_check_at IS NOT NULL",
                millis(nextCheck), txnId);
    }

    /**
     * Takes the due notification of a paid invoice for one attempt: counts the attempt and pushes the
     * due time out by {@code lease}, so no other worker sends it meanwhile and a crash only delays it.
     */
    public Optional<Notification> claimNotification(String txnId, Instant now, Duration lease, String deliveryId) {
        return Jdbc.inTransaction(dataSource, "Could not claim the notification of " + txnId, c -> {
            int changed = Sql.update(c, "UPDATE invoices SET notify_attempts = notify_attempts + 1, next_notify_at = ?,"
                            + " version = version + 1, updated_at = ? WHERE txn_id = ? AND state = ? AND next_notify_at <= ?",
                    millis(now.plus(lease)), millis(now), txnId, InvoiceState.PAID.wireName(), millis(now));
            if (changed != 1) {
                return Optional.empty();
            }
            Invoice invoice = select(c, "WHERE txn_id = ?", txnId).get(0);
            return Optional.of(Notification.of(invoice, invoice.notifyAttempts(), deliveryId));
        });
    }

    /**
     * Logs one delivery attempt. A delivered notification moves {@code paid -> notified} and awaits the echo
     * until {@code next}; a failed one is due again at {@code next}, or, when that is null (the schedule is used
     * up), is {@code parked}.
     */
    public void recordAttempt(Notification notification, Instant at, Integer httpStatus, String error,
                              boolean delivered, Instant next) {
        String txnId = notification.txnId();
        Jdbc.inTransaction(dataSource, "Could not log a notification attempt of " + txnId, c -> {
            Sql.update(c, "INSERT INTO notification_attempts (delivery_id, txn_id, notification_id, attempt,"
                            + " attempted_at, http_status, error) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    notification.deliveryId(), txnId, notification.payload().get("notification_id"),
                    notification.attempt(), millis(at), httpStatus, error);
            String nextState = delivered ? InvoiceState.NOTIFIED.wireName()
                    : next == null ? InvoiceState.PARKED.wireName() : InvoiceState.PAID.wireName();
            Sql.update(c, "UPDATE invoices SET state = CASE WHEN state = ? THEN ? ELSE state END,"
                            + " next_notify_at = CASE WHEN state = ? THEN ? ELSE NULL END,"
                            + " version = version + 1, updated_at = ? WHERE txn_id = ? AND notification_id = ?",
                    InvoiceState.PAID.wireName(), nextState, InvoiceState.PAID.wireName(),
                    millis(next), millis(at), txnId, notification.payload().get("notification_id"));
            return null;
        });
    }

    public List<NotificationAttempt> attempts(String txnId) {
        return attempts(List.of(txnId)).getOrDefault(txnId, List.of());
    }

    /** The delivery attempts of each of these invoices, oldest first: one query for a page of invoices. */
    public Map<String, List<NotificationAttempt>> attempts(List<String> txnIds) {
        if (txnIds.isEmpty()) {
            return Map.of();
        }
        return Jdbc.withConnection(dataSource, "Could not read the notification log of " + txnIds,
                c -> byInvoice(Sql.query(c, "SELECT txn_id, delivery_id, notification_id, attempt, attempted_at,"
                                + " http_status, error FROM notification_attempts WHERE txn_id IN " + placeholders(txnIds)
                                + " ORDER BY attempted_at, attempt",
                        rs -> Map.entry(rs.getString(1), new NotificationAttempt(rs.getString(2), rs.getString(3),
                                rs.getInt(4), Instant.ofEpochMilli(rs.getLong(5)),
                                rs.getObject(6) == null ? null : rs.getInt(6), rs.getString(7))),
                        txnIds.toArray())));
    }

    /** {@code paid | notified | parked -> confirmed}: the seller's echo matched. Returns the invoice as it now stands. */
    public Invoice confirm(String txnId, Instant now) {
        update("Could not confirm invoice " + txnId,
                "UPDATE invoices SET state = ?, next_notify_at = NULL, version = version + 1, updated_at = ?"
                        + " WHERE txn_id = ? AND state IN " + UNSETTLED,
                InvoiceState.CONFIRMED.wireName(), millis(now), txnId);
        return require(txnId);
    }

    /**
     * Takes a confirmed invoice (or a payout whose previous owner stopped) for paying out: {@code paying_out}
     * is durable before any coin moves, and the lease keeps other workers off until it runs out.
     */
    public Optional<Invoice> claimPayout(String txnId, Instant now, Duration lease) {
        return claim(txnId, now, lease, InvoiceState.CONFIRMED, InvoiceState.PAYING_OUT);
    }

    /** Takes a refund for one run, like {@link #claimPayout}. */
    public Optional<Invoice> claimRefund(String txnId, Instant now, Duration lease) {
        return claim(txnId, now, lease, InvoiceState.REFUNDING, InvoiceState.REFUNDING);
    }

    private Optional<Invoice> claim(String txnId, Instant now, Duration lease, InvoiceState from, InvoiceState to) {
        int changed = update("Could not claim " + txnId + " for " + to.wireName(),
                "UPDATE invoices SET state = ?, lease_until = ?, version = version + 1, updated_at = ?"
                        + " WHERE txn_id = ? AND ((state = ? AND lease_until IS NULL)"
                        + " OR (state = ? AND lease_until <= ?))",
                to.wireName(), millis(now.plus(lease)), millis(now), txnId, from.wireName(), to.wireName(),
                millis(now));
        return changed == 1 ? find(txnId) : Optional.empty();
    }

    /** {@code paying_out -> paid_out}, recording the totals sent; the address is watched on for stray coins. */
    public Invoice finishPayout(String txnId, long paidOut, long fee, Instant now, Instant nextCheck) {
        update("Could not record the payout of " + txnId,
                "UPDATE invoices SET state = ?, paid_out = ?, fee = ?, lease_until = NULL, next_check_at = ?,"
                        + " version = version + 1, updated_at = ? WHERE txn_id = ? AND state = ?",
                InvoiceState.PAID_OUT.wireName(), paidOut, fee, millis(nextCheck), millis(now), txnId,
                InvoiceState.PAYING_OUT.wireName());
        return require(txnId);
    }

    /** {@code refunding -> refunded}; the address is watched on for stray coins. */
    public Invoice finishRefund(String txnId, Instant now, Instant nextCheck) {
        update("Could not record the refund of " + txnId,
                "UPDATE invoices SET state = ?, lease_until = NULL, next_check_at = ?, version = version + 1,"
                        + " updated_at = ? WHERE txn_id = ? AND state = ?",
                InvoiceState.REFUNDED.wireName(), millis(nextCheck), millis(now), txnId,
                InvoiceState.REFUNDING.wireName());
        return require(txnId);
    }

    /**
     * Moves unconfirmed notifications with one of {@code statuses} that became due before {@code before}
     * to {@code refunding}. Returns how many.
     */
    public int startDueRefunds(Set<PaymentStatus> statuses, Instant before, Instant now) {
        String list = statuses.stream().map(s -> "'" + s.wireName() + "'").collect(Collectors.joining(", "));
        return update("Could not start due refunds",
                "UPDATE invoices SET state = ?, next_notify_at = NULL, lease_until = NULL, version = version + 1,"
                        + " updated_at = ? WHERE state IN " + UNSETTLED + " AND payment_status IN (" + list + ")"
                        + " AND paid_at < ?",
                InvoiceState.REFUNDING.wireName(), millis(now), millis(before));
    }

    /**
     * {@code notified} invoices whose echo did not come in time: delivered again ({@code -> paid}, due now), or,
     * once {@code maxAttempts} deliveries were made, {@code parked} for an admin.
     */
    public int renotifyUnechoed(Instant now, int maxAttempts) {
        return update("Could not renotify unconfirmed invoices",
                "UPDATE invoices SET state = CASE WHEN notify_attempts >= ? THEN ? ELSE ? END,"
                        + " next_notify_at = CASE WHEN notify_attempts >= ? THEN NULL ELSE next_notify_at END,"
                        + " version = version + 1, updated_at = ? WHERE state = ? AND next_notify_at <= ?",
                maxAttempts, InvoiceState.PARKED.wireName(), InvoiceState.PAID.wireName(), maxAttempts, millis(now),
                InvoiceState.NOTIFIED.wireName(), millis(now));
    }

    /** Invoices with work due: a notification to (re)send, or a payout or refund to start or resume. */
    public List<Invoice> pendingWork(Instant now, int limit) {
        long at = millis(now);
        return invoices("Could not list pending work", "WHERE (state = ? AND next_notify_at <= ?)"
                        + " OR (state IN (?, ?, ?) AND (lease_until IS NULL OR lease_until <= ?))"
                        + " ORDER BY updated_at LIMIT ?",
                InvoiceState.PAID.wireName(), at, InvoiceState.CONFIRMED.wireName(),
                InvoiceState.PAYING_OUT.wireName(), InvoiceState.REFUNDING.wireName(), at, limit);
    }

    /**
     * An admin's action on an unconfirmed invoice ({@code paid}, {@code notified} or {@code parked}):
     * moves it to {@code to} (with a notification due now when that is {@code paid}) and logs the action,
     * in one transaction. Returns whether it moved; either way the action is logged.
     */
    public boolean act(String txnId, String action, InvoiceState to, Instant now) {
        return Jdbc.inTransaction(dataSource, "Could not " + action + " invoice " + txnId, c -> {
            boolean moved = Sql.update(c, "UPDATE invoices SET state = ?, next_notify_at = ?, lease_until = NULL,"
                            + " version = version + 1, updated_at = ? WHERE txn_id = ? AND state IN " + UNSETTLED,
                    to.wireName(), to == InvoiceState.PAID ? millis(now) : null, millis(now), txnId) == 1;
            String state = Sql.query(c, "SELECT state FROM invoices WHERE txn_id = ?", rs -> rs.getString(1), txnId)
                    .get(0);
            Sql.update(c, "INSERT INTO invoice_actions (txn_id, acted_at, action, outcome) VALUES (?, ?, ?, ?)",
                    txnId, millis(now), action, moved ? "moved to " + to.wireName() : "nothing to do: " + state);
            return moved;
        });
    }

    public List<InvoiceAction> actions(String txnId) {
        return actions(List.of(txnId)).getOrDefault(txnId, List.of());
    }

    /** The admin actions on each of these invoices, oldest first: one query for a page of invoices. */
    public Map<String, List<InvoiceAction>> actions(List<String> txnIds) {
        if (txnIds.isEmpty()) {
            return Map.of();
        }
        return Jdbc.withConnection(dataSource, "Could not read the actions on " + txnIds,
                c -> byInvoice(Sql.query(c, "SELECT txn_id, acted_at, action, outcome FROM invoice_actions"
                                + " WHERE txn_id IN " + placeholders(txnIds) + " ORDER BY acted_at",
                        rs -> Map.entry(rs.getString(1), new InvoiceAction(Instant.ofEpochMilli(rs.getLong(2)),
                                rs.getString(3), rs.getString(4))),
                        txnIds.toArray())));
    }

    private static String placeholders(List<?> values) {
        return values.stream().map(value -> "?").collect(Collectors.joining(", ", "(", ")"));
    }

    private static <T> Map<String, List<T>> byInvoice(List<Map.Entry<String, T>> rows) {
        return rows.stream().collect(Collectors.groupingBy(Map.Entry::getKey,
                Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    }

    public Map<InvoiceState, Long> countByState() {
        Map<InvoiceState, Long> counts = new LinkedHashMap<>();
        for (InvoiceState state : InvoiceState.values()) {
            counts.put(state, 0L);
        }
        Jdbc.withConnection(dataSource, "Could not count invoices", c -> Sql.query(c,
                "SELECT state, COUNT(*) FROM invoices GROUP BY state",
                rs -> counts.put(InvoiceState.fromWire(rs.getString(1)), rs.getLong(2))));
        return counts;
    }

    private Invoice require(String txnId) {
        return find(txnId).orElseThrow(() -> new IllegalStateException("no invoice " + txnId));
    }

    /** One statement, committed on its own. */
    private int update(String what, String statement, Object... params) {
        return Jdbc.withConnection(dataSource, what, c -> Sql.update(c, statement, params));
    }

    private List<Invoice> invoices(String what, String condition, Object... params) {
        return Jdbc.withConnection(dataSource, what, c -> select(c, condition, params));
    }

    private static List<Invoice> select(Connection c, String condition, Object... params) throws SQLException {
        return Sql.query(c, "SELECT " + COLUMNS + " FROM invoices " + condition, InvoiceStore::invoice, params);
    }

    private static Invoice invoice(ResultSet rs) throws SQLException {
        String status = rs.getString("payment_status");
        return new Invoice(rs.getString("txn_id"), rs.getString("api_key_id"), rs.getString("address"),
                rs.getLong("price"), rs.getString("listen_url"), rs.getString("payout_addr"),
                fromJson(rs.getString("sell_fields"), new TypeReference<LinkedHashMap<String, String>>() { }),
                InvoiceState.fromWire(rs.getString("state")),
                status == null ? null : PaymentStatus.fromWire(status), rs.getString("notification_id"),
                rs.getLong("received"), fromJson(rs.getString("senders"), new TypeReference<List<String>>() { }),
                rs.getLong("last_balance"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("expires_at")), instant(rs, "paid_at"), rs.getInt("notify_attempts"),
                rs.getLong("paid_out"), rs.getLong("fee"), rs.getInt("version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static String wire(PaymentStatus status) {
        return status == null ? null : status.wireName();
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    private static <T> T fromJson(String json, TypeReference<T> type) throws SQLException {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("corrupt JSON column", e);
        }
    }
}
