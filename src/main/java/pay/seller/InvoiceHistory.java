package pay.seller;

import java.util.List;
import pay.invoice.Invoice;
import pay.invoice.InvoiceAction;
import pay.invoice.NotificationAttempt;

/** One invoice as its seller sees it: the invoice, every step-6 delivery attempt and every admin action on it. */
public record InvoiceHistory(Invoice invoice, List<NotificationAttempt> attempts, List<InvoiceAction> actions) {
    public InvoiceHistory {
        attempts = List.copyOf(attempts);
        actions = List.copyOf(actions);
    }

    /** Whether a resend would deliver the latest notification again. */
    public boolean resendable() {
        return invoice.state().unsettled();
    }
}
