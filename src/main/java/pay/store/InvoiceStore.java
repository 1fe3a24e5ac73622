package pay.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import pay.invoice.Invoice;
import pay.invoice.InvoiceState;
import pay.invoice.Notification;
import pay.invoice.NotificationAttempt;

/**
 * Invoices in SQL. Every public method is one atomic change (or one read) and commits before it
 * returns, so each state is durable before the side effect that follows it. Updates that depend on
 * what was read compare the row's {@code version} or state, so two workers never both win.
 */
public final class InvoiceStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "txn_id, api_key_id, address, price, listen_url, payout_addr, sell_fields,"
            + " state, payment_status, received, senders, last_balance, created_at, expires_at, notify_attempts,"
            + " paid_out, fee, version";

    private final DataSource dataSource;

    public InvoiceStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One statement, committed on its own. */
    private int update(String what, String statement, Object... params) {
        return Jdbc.withConnection(dataSource, what, c -> Sql.update(c, statement, params));
    }

    private List<Invoice> invoices(String what, String condition, Object... params) {
        return Jdbc.withConnection(dataSource, what,
                c -> Sql.query(c, "SELECT " + COLUMNS + " FROM invoices " + condition, InvoiceStore::invoice, params));
    }

    /** Stores a fresh invoice in {@code registering}, before its address exists on the BLC server. */
    public void insert(Invoice invoice) {
        Jdbc.withConnection(dataSource, "Could not store invoice " + invoice.txnId(), c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO invoices (" + COLUMNS
                    + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                st.setString(1, invoice.txnId());
                st.setString(2, invoice.apiKeyId());
                st.setString(3, invoice.address());
                st.setLong(4, invoice.price());
                st.setString(5, invoice.listenUrl());
                st.setString(6, invoice.payoutAddr());
                st.setString(7, toJson(invoice.sellFields()));
                st.setString(8, invoice.state().wireName());
                st.setString(9, invoice.paymentStatus());
                st.setLong(10, invoice.received());
                st.setString(11, toJson(invoice.senders()));
                st.setLong(12, invoice.lastBalance());
                st.setLong(13, invoice.createdAt().toEpochMilli());
                st.setLong(14, invoice.expiresAt().toEpochMilli());
                st.setInt(15, invoice.notifyAttempts());
                setNullableLong(st, 16, invoice.paidOut());
                setNullableLong(st, 17, invoice.fee());
                st.setInt(18, invoice.version());
                st.setLong(19, invoice.createdAt().toEpochMilli());
                st.executeUpdate();
            }
            return null;
        });
    }

    /** {@code registering -> awaiting_payment}: the address is registered and may be handed out. */
    public Invoice activate(String txnId, Instant now) {
        int changed = update("Could not activate invoice " + txnId,
                "UPDATE invoices SET state = ?, next_check_at = ?, version = version + 1,"
                        + " updated_at = ? WHERE txn_id = ? AND state = ?",
                InvoiceState.AWAITING_PAYMENT.wireName(), now.toEpochMilli(), now.toEpochMilli(), txnId,
                InvoiceState.REGISTERING.wireName());
        if (changed != 1) {
            throw new IllegalStateException("invoice " + txnId + " is not registering");
        }
        return require(txnId);
    }

    /** Forgets an invoice whose address could not be registered; nothing was handed out for it. */
    public boolean discardUnregistered(String txnId) {
        return update("Could not discard invoice " + txnId, "DELETE FROM invoices WHERE txn_id = ? AND state = ?", txnId,
                InvoiceState.REGISTERING.wireName()) == 1;
    }

    /** Invoices left in {@code registering} by a crash before {@code before}: their reply was never sent. */
    public int discardStaleRegistrations(Instant before) {
        return update("Could not discard stale registrations", "DELETE FROM invoices WHERE state = ? AND created_at < ?",
                InvoiceState.REGISTERING.wireName(), before.toEpochMilli());
    }

    public Optional<Invoice> find(String txnId) {
        return invoices("Could not read invoice " + txnId, "WHERE txn_id = ?", txnId).stream().findFirst();
    }

    /** Deposit addresses whose next poll (4a) is due, most overdue first. */
    public List<Invoice> dueForCheck(Instant now, int limit) {
        return invoices("Could not list invoices to check", "WHERE next_check_at <= ? ORDER BY next_check_at LIMIT ?",
                now.toEpochMilli(), limit);
    }

    /**
     * Writes what a poll saw, if nobody changed the invoice meanwhile. An invoice that just became
     * {@code paid} gets its notification due at once. Returns the stored invoice, or empty when the
     * row moved on (the next poll sees the fresh one).
     */
    public Optional<Invoice> recordDeposits(Invoice observed, Instant now, Instant nextCheckOrNull) {
        boolean becamePaid = observed.state() == InvoiceState.PAID;
        int changed = update("Could not record deposits of " + observed.txnId(),
                "UPDATE invoices SET state = ?, payment_status = ?, received = ?, senders = ?,"
                        + " last_balance = ?, next_check_at = ?, next_notify_at = CASE WHEN ? = 1 THEN ? ELSE next_notify_at END,"
                        + " version = version + 1, updated_at = ? WHERE txn_id = ? AND version = ?",
                observed.state().wireName(), observed.paymentStatus(), observed.received(),
                toJson(observed.senders()), observed.lastBalance(),
                nextCheckOrNull == null ? null : nextCheckOrNull.toEpochMilli(),
                becamePaid ? 1 : 0, now.toEpochMilli(), now.toEpochMilli(), observed.txnId(), observed.version());
        return changed == 1 ? find(observed.txnId()) : Optional.empty();
    }

    /**
     * Takes the due notification of a paid invoice for one attempt: counts the attempt and pushes the
     * due time out by {@code lease}, so no other worker sends it meanwhile and a crash only delays it.
     */
    public Optional<Notification> claimNotification(String txnId, Instant now, Duration lease) {
        return Jdbc.inTransaction(dataSource, "Could not claim the notification of " + txnId, c -> {
            int changed = Sql.update(c, "UPDATE invoices SET notify_attempts = notify_attempts + 1, next_notify_at = ?,"
                            + " version = version + 1, updated_at = ? WHERE txn_id = ? AND state = ? AND next_notify_at <= ?",
                    now.plus(lease).toEpochMilli(), now.toEpochMilli(), txnId, InvoiceState.PAID.wireName(),
                    now.toEpochMilli());
            if (changed != 1) {
                return Optional.empty();
            }
            Invoice invoice = Sql.query(c, "SELECT " + COLUMNS + " FROM invoices WHERE txn_id = ?",
                    InvoiceStore::invoice, txnId).get(0);
            return Optional.of(Notification.of(invoice, invoice.notifyAttempts()));
        });
    }

    /**
     * Logs one delivery attempt. A delivered notification moves {@code paid -> notified}; a failed one is
     * due again at {@code retryAt}, or never when that is null (the schedule is used up).
     */
    public void recordAttempt(String txnId, int attempt, Instant at, Integer httpStatus, String error,
                              boolean delivered, Instant retryAt) {
        Jdbc.inTransaction(dataSource, "Could not log a notification attempt of " + txnId, c -> {
            Sql.update(c, "INSERT INTO notification_attempts (txn_id, attempt, attempted_at, http_status, error)"
                    + " VALUES (?, ?, ?, ?, ?)", txnId, attempt, at.toEpochMilli(), httpStatus, error);
            if (delivered) {
                Sql.update(c, "UPDATE invoices SET state = CASE WHEN state = ? THEN ? ELSE state END,"
                                + " next_notify_at = NULL, version = version + 1, updated_at = ? WHERE txn_id = ?",
                        InvoiceState.PAID.wireName(), InvoiceState.NOTIFIED.wireName(), at.toEpochMilli(), txnId);
            } else {
                Sql.update(c, "UPDATE invoices SET next_notify_at = CASE WHEN state = ? THEN ? ELSE NULL END,"
                                + " version = version + 1, updated_at = ? WHERE txn_id = ?",
                        InvoiceState.PAID.wireName(), retryAt == null ? null : retryAt.toEpochMilli(),
                        at.toEpochMilli(), txnId);
            }
            return null;
        });
    }

    public List<NotificationAttempt> attempts(String txnId) {
        return Jdbc.withConnection(dataSource, "Could not read the notification log of " + txnId,
                c -> Sql.query(c, "SELECT attempt, attempted_at, http_status, error FROM notification_attempts"
                                + " WHERE txn_id = ? ORDER BY attempt",
                        rs -> new NotificationAttempt(rs.getInt(1), Instant.ofEpochMilli(rs.getLong(2)),
                                rs.getObject(3) == null ? null : rs.getInt(3), rs.getString(4)), txnId));
    }

    /** {@code paid | notified -> confirmed}: the seller's echo matched. Returns the invoice as it now stands. */
    public Invoice confirm(String txnId, Instant now) {
        update("Could not confirm invoice " + txnId,
                "UPDATE invoices SET state = ?, next_notify_at = NULL, version = version + 1, updated_at = ?"
                        + " WHERE txn_id = ? AND state IN (?, ?)",
                InvoiceState.CONFIRMED.wireName(), now.toEpochMilli(), txnId, InvoiceState.PAID.wireName(),
                InvoiceState.NOTIFIED.wireName());
        return require(txnId);
    }

    /**
     * Takes a confirmed invoice (or a payout whose previous owner died) for paying out: {@code paying_out} is
     * durable before any coin moves, and the lease keeps other workers off until it runs out.
     */
    public Optional<Invoice> claimPayout(String txnId, Instant now, Duration lease) {
        int changed = update("Could not claim the payout of " + txnId,
                "UPDATE invoices SET state = ?, payout_lease_until = ?, version = version + 1,"
                        + " updated_at = ? WHERE txn_id = ? AND (state = ? OR (state = ? AND payout_lease_until <= ?))",
                InvoiceState.PAYING_OUT.wireName(), now.plus(lease).toEpochMilli(), now.toEpochMilli(), txnId,
                InvoiceState.CONFIRMED.wireName(), InvoiceState.PAYING_OUT.wireName(), now.toEpochMilli());
        return changed == 1 ? find(txnId) : Optional.empty();
    }

    /** {@code paying_out -> paid_out}, recording what left the deposit address. */
    public Invoice finishPayout(String txnId, long paidOut, long fee, Instant now) {
        update("Could not record the payout of " + txnId,
                "UPDATE invoices SET state = ?, paid_out = ?, fee = ?, payout_lease_until = NULL,"
                        + " version = version + 1, updated_at = ? WHERE txn_id = ? AND state = ?",
                InvoiceState.PAID_OUT.wireName(), paidOut, fee, now.toEpochMilli(), txnId,
                InvoiceState.PAYING_OUT.wireName());
        return require(txnId);
    }

    /** Invoices with work due: a notification to (re)send, or a payout to start or resume. */
    public List<Invoice> pendingWork(Instant now, int limit) {
        long at = now.toEpochMilli();
        return invoices("Could not list pending work", "WHERE (state = ? AND next_notify_at <= ?)"
                        + " OR state = ? OR (state = ? AND payout_lease_until <= ?) ORDER BY updated_at LIMIT ?",
                InvoiceState.PAID.wireName(), at, InvoiceState.CONFIRMED.wireName(),
                InvoiceState.PAYING_OUT.wireName(), at, limit);
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

    private static Invoice invoice(ResultSet rs) throws SQLException {
        return new Invoice(rs.getString("txn_id"), rs.getString("api_key_id"), rs.getString("address"),
                rs.getLong("price"), rs.getString("listen_url"), rs.getString("payout_addr"),
                fromJson(rs.getString("sell_fields"), new TypeReference<LinkedHashMap<String, String>>() { }),
                InvoiceState.fromWire(rs.getString("state")), rs.getString("payment_status"),
                rs.getLong("received"), fromJson(rs.getString("senders"), new TypeReference<List<String>>() { }),
                rs.getLong("last_balance"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("expires_at")), rs.getInt("notify_attempts"),
                nullableLong(rs, "paid_out"), nullableLong(rs, "fee"),
                rs.getInt("version"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static void setNullableLong(PreparedStatement st, int index, Long value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.BIGINT);
        } else {
            st.setLong(index, value);
        }
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
