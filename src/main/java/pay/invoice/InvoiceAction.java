package pay.invoice;

import java.time.Instant;

/** An admin's action on an invoice (resend, release), as logged. */
public record InvoiceAction(Instant at, String action, String outcome) {
}
