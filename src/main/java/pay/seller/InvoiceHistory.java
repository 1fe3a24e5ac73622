package pay.seller;

import java.util.List;
import java.util.Set;
import pay.invoice.Invoice;
import pay.invoice.InvoiceAction;
import pay.invoice.InvoiceState;
import pay.invoice.NotificationAttempt;

/** One invoice as its seller sees it: the invoice, every step-6 delivery attempt and every admin action on it. */
public record InvoiceHistory(Invoice invoice, List<NotificationAttempt> attempts, List<InvoiceAction> actions) {
    /** The states {@link pay.invoice.InvoiceAdmin#resend} moves on from: a notification not yet confirmed. */
    private static final Set<InvoiceState> RESENDABLE = Set.of(InvoiceState.PAID, InvoiceState.NOTIFIED,
            InvoiceState.PARKED);

    public InvoiceHistory {
        attempts = List.copyOf(attempts);
        actions = List.copyOf(actions);
    }

    /** Whether a resend would deliver the latest notification again. */
    public boolean resendable() {
        return RESENDABLE.contains(invoice.state());
    }
}
