package pay.checkout;

import static pay.web.PageTemplates.hashSource;
import static pay.web.PageTemplates.render;
import static pay.web.PageTemplates.resource;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import pay.invoice.Invoice;

/**
 * The customer's checkout page for one invoice, its live status, and the page for an unknown invoice.
 * The HTML comes from Mustache templates under {@code checkout/} on the classpath, which HTML-escape every
 * value; only the QR code's SVG (numbers only) and Pay's own script and style go in raw. The script and
 * style are inlined from {@code checkout/checkout.js} and {@code checkout/checkout.css}, and allowed by
 * their SHA-256 in the Content-Security-Policy, so the page needs no other request and runs no other code.
 * The invoice's {@code sell_*} fields, listen_url and payout address are the seller's and never shown.
 */
public final class CheckoutPages {
    private static final DateTimeFormatter EXPIRY_TEXT =
            DateTimeFormatter.ofPattern("HH:mm:ss 'UTC', d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    /** How often a page reloads itself when the browser runs no script, while the status may still change. */
    private static final int RELOAD_WITHOUT_SCRIPT_SECONDS = 10;

    private final Mustache page;
    private final Mustache notFound;
    private final Mustache failed;
    private final String script;
    private final String style;
    private final String contentSecurityPolicy;
    private final Duration pollInterval;
    private final Clock clock;

    /** @param pollInterval how often an open page asks for the invoice's status */
    public CheckoutPages(Duration pollInterval, Clock clock) {
        DefaultMustacheFactory templates = new DefaultMustacheFactory("checkout");
        this.page = templates.compile("page.mustache");
        this.notFound = templates.compile("not-found.mustache");
        this.failed = templates.compile("failed.mustache");
        this.script = resource("checkout/checkout.js");
        this.style = resource("checkout/checkout.css");
        this.contentSecurityPolicy = "default-src 'none'; script-src " + hashSource(script) + "; style-src "
                + hashSource(style) + "; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none';"
                + " frame-ancestors 'none'";
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    /** Allows exactly the inline script and style of these pages, the status requests, and nothing else. */
    public String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    /** The checkout page of an invoice that has been handed out (not one still registering). */
    public String page(Invoice invoice) {
        CustomerStatus status = CustomerStatus.of(invoice);
        String paymentUri = PaymentQr.paymentUri(invoice.address(), invoice.price());
        return render(page, new PageView(style, script, invoice.txnId(), invoice.price(), invoice.received(),
                invoice.address(), paymentUri, PaymentQr.svg(paymentUri), invoice.expiresAt().toString(),
                EXPIRY_TEXT.format(invoice.expiresAt()), now(), invoice.txnId() + "/status",
                pollInterval.toMillis(), status, RELOAD_WITHOUT_SCRIPT_SECONDS));
    }

    public String notFound() {
        return render(notFound, new PlainView(style));
    }

    public String failed() {
        return render(failed, new PlainView(style));
    }

    /** What an open page polls: the customer's status and the figures it shows. */
    public Map<String, Object> status(Invoice invoice) {
        CustomerStatus status = CustomerStatus.of(invoice);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("state", invoice.state().wireName());
        fields.put("status", status.key());
        fields.put("headline", status.headline());
        fields.put("detail", status.detail());
        fields.put("payable", status.payable());
        fields.put("settled", status.settled());
        fields.put("received", invoice.received());
        fields.put("price", invoice.price());
        fields.put("expires_at", invoice.expiresAt().toString());
        fields.put("server_time", now());
        return fields;
    }

    /**
     * What the page template sees.
     *
     * @param reloadSeconds seconds between reloads without script, until the status is settled
     */
    /** The server's time, to the millisecond (what every browser's Date.parse reads). */
    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    record PageView(String style, String script, String txnId, long price, long received, String address,
                    String paymentUri, String qrSvg, String expiresAt, String expiresAtText, String serverTime,
                    String statusUrl, long pollMillis, CustomerStatus status, int reloadSeconds) {
    }

    record PlainView(String style) {
    }
}
