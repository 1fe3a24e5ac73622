package pay.app;

import org.apache.camel.Exchange;
import pay.invoice.PayRejection;
import pay.seller.SellerOverview;
import pay.seller.SellerPages;

/**
 * The HTTP edge of the seller page: {@code GET /seller} asks for the API key, {@code POST /seller} and
 * {@code POST /seller/resend} show the key's invoices. The key only ever travels in a POST body, never in a URL.
 */
public final class SellerPage {
    private final SellerPages pages;

    public SellerPage(SellerPages pages) {
        this.pages = pages;
    }

    /** The form asking for the API key. */
    public void keyForm(Exchange exchange) {
        PageReply.html(exchange, 200, pages.contentSecurityPolicy(), pages.sellerKey(null));
    }

    /** The key's invoices (the body, a {@link SellerOverview}). */
    public void invoices(Exchange exchange) {
        PageReply.html(exchange, 200, pages.contentSecurityPolicy(),
                pages.sellerInvoices(exchange.getMessage().getBody(SellerOverview.class)));
    }

    /** An unknown key (401) or a txn_id that is not the key's (404): the key form again, with the reason. */
    public void rejected(Exchange exchange) {
        PayRejection rejection = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, PayRejection.class);
        PageReply.html(exchange, rejection.httpStatus(), pages.contentSecurityPolicy(),
                pages.sellerKey(new SellerPages.Refusal(rejection.reason(), rejection.getMessage())));
    }

    /** Anything unexpected: an apology, no detail (Pay's log has it). */
    public void failed(Exchange exchange) {
        PageReply.html(exchange, 500, pages.contentSecurityPolicy(), pages.failed());
    }
}
