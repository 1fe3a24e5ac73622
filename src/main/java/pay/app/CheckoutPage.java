package pay.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import pay.checkout.CheckoutPages;
import pay.invoice.Invoice;
import pay.invoice.InvoiceState;
import pay.invoice.Invoices;

/**
 * The HTTP edge of {@code GET /checkout/{txn_id}} and {@code GET /checkout/{txn_id}/status}: the customer's
 * page and its live status. Request headers are dropped before anything else (platform-http would echo them
 * back), and every reply carries only the headers set here: its type, no caching (the status changes), and
 * a Content-Security-Policy that runs nothing but the page's own inline script.
 */
public final class CheckoutPage {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Nothing but the status request's own data: a JSON reply is never a document that runs anything. */
    private static final String JSON_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private final Invoices invoices;
    private final CheckoutPages pages;
    private final String publicUrl;

    /** @param publicUrl where customers reach Pay, e.g. {@code https://pay.example}; a trailing slash is dropped */
    public CheckoutPage(Invoices invoices, CheckoutPages pages, String publicUrl) {
        URI base = URI.create(publicUrl.strip());
        if (!base.isAbsolute() || base.getHost() == null
                || !("http".equals(base.getScheme()) || "https".equals(base.getScheme()))) {
            throw new IllegalArgumentException("pay.public-url must be an absolute http(s) URL, not " + publicUrl);
        }
        this.invoices = invoices;
        this.pages = pages;
        this.publicUrl = base.toString().replaceAll("/+$", "");
    }

    /** The absolute URL of an invoice's checkout page, for the seller's step-3a reply. */
    public String url(String txnId) {
        return publicUrl + "/checkout/" + txnId;
    }

    /** {@link #url} through the bean bound as {@code checkoutPage}, for callers that have only the exchange. */
    public static String urlFor(Exchange exchange, String txnId) {
        return exchange.getContext().getRegistry().lookupByNameAndType("checkoutPage", CheckoutPage.class)
                .url(txnId);
    }

    /** The checkout page, or a 404 page for an invoice that does not exist (or was never handed out). */
    public void page(Exchange exchange) {
        Optional<Invoice> invoice = requestedInvoice(exchange);
        if (invoice.isPresent()) {
            PageReply.html(exchange, 200, pages.contentSecurityPolicy(), pages.page(invoice.get()));
        } else {
            PageReply.html(exchange, 404, pages.contentSecurityPolicy(), pages.notFound());
        }
    }

    /** The invoice's status as JSON (see {@link CheckoutPages#status}), or 404 {@code unknown_invoice}. */
    public void status(Exchange exchange) {
        Optional<Invoice> invoice = requestedInvoice(exchange);
        Map<String, Object> body = invoice.map(pages::status)
                .orElse(Map.of("error", "unknown_invoice", "message", "there is no invoice with this txn_id"));
        try {
            PageReply.send(exchange, invoice.isPresent() ? 200 : 404, "application/json", JSON_POLICY,
                    JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Anything unexpected: a plain apology, no detail (Pay's log has it). */
    public void failed(Exchange exchange) {
        PageReply.html(exchange, 500, pages.contentSecurityPolicy(), pages.failed());
    }

    private Optional<Invoice> requestedInvoice(Exchange exchange) {
        Message in = exchange.getMessage();
        String txnId = in.getHeader("txn_id", String.class);
        in.removeHeaders("*");
        if (txnId == null || txnId.isBlank()) {
            return Optional.empty();
        }
        return invoices.find(txnId).filter(invoice -> invoice.state() != InvoiceState.REGISTERING);
    }
}
