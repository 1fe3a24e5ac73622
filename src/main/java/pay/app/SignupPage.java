package pay.app;

import io.vertx.core.net.SocketAddress;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
import pay.invoice.PayRejection;
import pay.seller.NewKey;
import pay.seller.SellerPages;
import pay.seller.SellerSignup;

/**
 * The HTTP edge of the sign-up page: {@code GET /signup}, {@code POST /signup} and {@code POST /signup/recover}.
 * Reads the posted form as {@code POST /pay} reads its fields and remembers what the reply needs from the
 * request (the client's address for the rate limit, which form was posted); every request header is dropped
 * before anything else runs.
 */
public final class SignupPage {
    /** Exchange property: the client's IP address, as the routes give it to the rate limit. */
    public static final String CLIENT_ADDRESS = "clientAddress";
    private static final String RECOVERY_FORM = "paySignupRecoveryForm";

    private final SellerApi fields;
    private final SellerPages pages;
    private final String payUrl;

    /** @param publicUrl where sellers reach Pay ({@code pay.public-url}), for the page's first {@code curl} */
    public SignupPage(SellerApi fields, SellerPages pages, String publicUrl) {
        this.fields = fields;
        this.pages = pages;
        this.payUrl = publicUrl.strip().replaceAll("/+$", "") + "/pay";
    }

    /** The posted fields; the client's address goes into the exchange property {@value #CLIENT_ADDRESS}. */
    public Map<String, String> readForm(Exchange exchange) {
        Message in = exchange.getMessage();
        SocketAddress client = in.getHeader(VertxPlatformHttpConstants.REMOTE_ADDRESS, SocketAddress.class);
        exchange.setProperty(CLIENT_ADDRESS, client == null ? "unknown" : client.hostAddress());
        exchange.setProperty(RECOVERY_FORM, in.getHeader(Exchange.HTTP_PATH, "", String.class).endsWith("/recover"));
        return fields.readForm(exchange);
    }

    /** {@code GET /signup}: the two forms. */
    public void form(Exchange exchange) {
        PageReply.html(exchange, 200, pages.contentSecurityPolicy(), pages.signup(null, false, null));
    }

    /** The new key and its signing secret, shown this once. */
    public void issued(Exchange exchange) {
        NewKey key = exchange.getMessage().getBody(NewKey.class);
        PageReply.html(exchange, 200, pages.contentSecurityPolicy(), pages.newKey(key, payUrl));
    }

    /** A refused sign-up or recovery: the forms again, the reason at the form it is about, its email kept. */
    public void rejected(Exchange exchange) {
        PayRejection rejection = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, PayRejection.class);
        Object email = exchange.getMessage().getBody() instanceof Map<?, ?> form ? form.get(SellerSignup.EMAIL) : null;
        Message out = PageReply.html(exchange, rejection.httpStatus(), pages.contentSecurityPolicy(),
                pages.signup(new SellerPages.Refusal(rejection.reason(), rejection.getMessage()),
                        exchange.getProperty(RECOVERY_FORM, false, Boolean.class),
                        email instanceof String text ? text : null));
        if (rejection.retryAfterSeconds() != null) {
            out.setHeader("Retry-After", rejection.retryAfterSeconds());
        }
    }

    /** Anything unexpected: an apology, no detail (Pay's log has it). */
    public void failed(Exchange exchange) {
        PageReply.html(exchange, 500, pages.contentSecurityPolicy(), pages.failed());
    }
}
