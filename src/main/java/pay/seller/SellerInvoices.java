package pay.seller;

import java.util.List;
import java.util.Map;
import pay.invoice.Invoice;
import pay.invoice.InvoiceAction;
import pay.invoice.InvoiceAdmin;
import pay.invoice.NotificationAttempt;
import pay.invoice.PayRejection;
import pay.keys.ApiKey;
import pay.keys.ApiKeyStore;

/**
 * What the seller page does for the holder of an API key: list the key's invoices with their delivery
 * attempts and admin actions, and resend the latest notification of one of them. A txn_id of another key is
 * answered exactly like one that does not exist, so a seller cannot learn another's invoices.
 */
public final class SellerInvoices {
    public static final String API_KEY = "api_key";
    public static final String TXN_ID = "txn_id";

    private final ApiKeyStore keys;
    private final InvoiceAdmin admin;
    private final int limit;

    /** @param limit how many invoices (newest first) the page lists */
    public SellerInvoices(ApiKeyStore keys, InvoiceAdmin admin, int limit) {
        this.keys = keys;
        this.admin = admin;
        this.limit = limit;
    }

    /** The invoices of the form's {@code api_key}; 401 for a missing, unknown or revoked key. */
    public SellerOverview overview(Map<String, String> form) {
        return overview(authenticated(form), form.get(API_KEY), null);
    }

    /** Resends the latest notification of the form's {@code txn_id} (404 unless it is the key's), then lists. */
    public SellerOverview resend(Map<String, String> form) {
        ApiKey key = authenticated(form);
        String txnId = form.getOrDefault(TXN_ID, "");
        admin.find(txnId).filter(invoice -> invoice.apiKeyId().equals(key.id()))
                .orElseThrow(() -> new PayRejection(404, "unknown_invoice", TXN_ID,
                        "This key has no invoice with txn_id " + txnId + "."));
        String notice = admin.resend(txnId)
                ? "The notification of " + txnId + " is being sent again to its listen_url."
                : "Nothing to resend for " + txnId + ": it is " + admin.find(txnId).orElseThrow().state().wireName()
                + " (only paid, notified and parked invoices can be resent).";
        return overview(key, form.get(API_KEY), notice);
    }

    private ApiKey authenticated(Map<String, String> form) {
        return keys.authenticate(form.get(API_KEY)).orElseThrow(() -> new PayRejection(401, "unknown_api_key",
                API_KEY, "This API key is unknown or revoked. Paste the whole key, starting with pk_."));
    }

    private SellerOverview overview(ApiKey key, String presentedKey, String notice) {
        List<Invoice> listed = admin.listForApiKey(key.id(), limit);
        List<String> txnIds = listed.stream().map(Invoice::txnId).toList();
        Map<String, List<NotificationAttempt>> attempts = admin.attempts(txnIds);
        Map<String, List<InvoiceAction>> actions = admin.actions(txnIds);
        List<InvoiceHistory> invoices = listed.stream().map(invoice -> new InvoiceHistory(invoice,
                attempts.getOrDefault(invoice.txnId(), List.of()), actions.getOrDefault(invoice.txnId(), List.of())))
                .toList();
        return new SellerOverview(key, presentedKey, invoices, limit, notice);
    }
}
