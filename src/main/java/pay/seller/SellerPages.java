package pay.seller;

import static pay.web.PageTemplates.hashSource;
import static pay.web.PageTemplates.render;
import static pay.web.PageTemplates.resource;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import pay.invoice.InvoiceAction;
import pay.invoice.NotificationAttempt;
import pay.keys.ApiKeyStore;

/**
 * The HTML of the sign-up page and the seller page. It comes from Mustache templates under
 * {@code seller-pages/} on the classpath, which HTML-escape every value; only Pay's own style sheet goes in
 * raw. The style is inlined and allowed by its SHA-256 in the Content-Security-Policy, so a page needs no
 * other request, runs no script and posts its forms only back to Pay.
 */
public final class SellerPages {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final Mustache signup;
    private final Mustache newKey;
    private final Mustache sellerKey;
    private final Mustache sellerInvoices;
    private final Mustache failed;
    private final String style;
    private final String contentSecurityPolicy;

    public SellerPages() {
        DefaultMustacheFactory templates = new DefaultMustacheFactory("seller-pages");
        this.signup = templates.compile("signup.mustache");
        this.newKey = templates.compile("new-key.mustache");
        this.sellerKey = templates.compile("seller-key.mustache");
        this.sellerInvoices = templates.compile("seller-invoices.mustache");
        this.failed = templates.compile("failed.mustache");
        this.style = resource("seller-pages/pages.css");
        this.contentSecurityPolicy = "default-src 'none'; style-src " + hashSource(style) + "; form-action 'self';"
                + " base-uri 'none'; frame-ancestors 'none'";
    }

    /** Allows exactly the inline style of these pages and forms posted back to Pay; no script, nothing else. */
    public String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    /**
     * The sign-up page: the sign-up form and the recovery form, with {@code refusal} (null for none) shown at the
     * form it is about and that form's email filled in again.
     *
     * @param aboutRecovery whether the refusal is about the recovery form
     */
    public String signup(Refusal refusal, boolean aboutRecovery, String email) {
        return render(signup, new SignupView(style, ApiKeyStore.MINIMUM_RECOVERY_PASSWORD_LENGTH,
                aboutRecovery ? null : refusal, aboutRecovery ? null : email,
                aboutRecovery ? refusal : null, aboutRecovery ? email : null));
    }

    /** The page that shows a new key and its signing secret, once; {@code payUrl} is where sellers POST invoices. */
    public String newKey(NewKey key, String payUrl) {
        return render(newKey, new NewKeyView(style, key.keyId(), key.email(), key.issued().secretKey(),
                key.signingSecret(), key.replacesLostKey(), payUrl));
    }

    /** The seller page's form asking for the API key, with {@code refusal} (null for none). */
    public String sellerKey(Refusal refusal) {
        return render(sellerKey, new KeyFormView(style, refusal));
    }

    public String sellerInvoices(SellerOverview overview) {
        List<InvoiceRow> rows = overview.invoices().stream().map(SellerPages::row).toList();
        return render(sellerInvoices, new OverviewView(style, overview.key().id(), overview.key().email(),
                overview.presentedKey(), overview.notice(), rows,
                rows.size() == overview.limit() ? overview.limit() : null));
    }

    /** Something went wrong inside Pay: an apology without detail (Pay's log has it). */
    public String failed() {
        return render(failed, new PlainView(style));
    }

    /**
     * Why a request was refused: {@code reason} is machine-readable (the page's {@code data-error}), {@code message}
     * says it in words.
     */
    public record Refusal(String reason, String message) {
    }

    record SignupView(String style, int minimumPasswordLength, Refusal signupRefusal, String signupEmail,
                      Refusal recoverRefusal, String recoverEmail) {
    }

    record NewKeyView(String style, String keyId, String email, String apiKey, String signingSecret,
                      boolean replacesLostKey, String payUrl) {
    }

    record KeyFormView(String style, Refusal refusal) {
    }

    record PlainView(String style) {
    }

    /** @param shownLimit the limit when the list may be cut short by it, else null */
    record OverviewView(String style, String keyId, String email, String apiKey, String notice, List<InvoiceRow> invoices,
                        Integer shownLimit) {
    }

    record InvoiceRow(String txnId, String state, String status, long price, long received, long paidOut,
                      String created, String expires, String address, String senders, List<Field> sellFields,
                      List<AttemptRow> attempts, List<ActionRow> actions, boolean resendable) {
    }

    record Field(String name, String value) {
    }

    record AttemptRow(String at, int attempt, String httpStatus, String error, boolean delivered) {
    }

    record ActionRow(String at, String action, String outcome) {
    }

    private static InvoiceRow row(InvoiceHistory history) {
        var invoice = history.invoice();
        return new InvoiceRow(invoice.txnId(), invoice.state().wireName(),
                invoice.paymentStatus() == null ? null : invoice.paymentStatus().wireName(), invoice.price(),
                invoice.received(), invoice.paidOut(), time(invoice.createdAt()),
                time(invoice.expiresAt()), invoice.address(),
                invoice.senders().isEmpty() ? null : String.join(", ", invoice.senders()),
                invoice.sellFields().entrySet().stream().map(SellerPages::field).toList(),
                history.attempts().stream().map(SellerPages::attempt).toList(),
                history.actions().stream().map(SellerPages::action).toList(), history.resendable());
    }

    private static Field field(Map.Entry<String, String> field) {
        return new Field(field.getKey(), field.getValue());
    }

    private static AttemptRow attempt(NotificationAttempt attempt) {
        return new AttemptRow(time(attempt.at()), attempt.attempt(),
                attempt.httpStatus() == null ? "none" : attempt.httpStatus().toString(), attempt.error(),
                attempt.delivered());
    }

    private static ActionRow action(InvoiceAction action) {
        return new ActionRow(time(action.at()), action.action(), action.outcome());
    }

    private static String time(Instant instant) {
        return TIME.format(instant);
    }
}
