package pay.app;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * A reply of Pay's web pages (checkout, sign-up, seller page): every other header is dropped first
 * (platform-http would echo the request's back), nothing is cached (a page may hold a key shown once, a status
 * changes), and the Content-Security-Policy says what the page may run. Routes that send it use the
 * {@code cachePolicyHeaderFilter}, or Camel would drop the Cache-Control header.
 */
final class PageReply {
    static final String HTML = "text/html; charset=utf-8";

    private PageReply() {
    }

    /** Replaces the message with the reply; returns it so a caller can add a header (e.g. Retry-After). */
    static Message send(Exchange exchange, int status, String contentType, String contentSecurityPolicy, String body) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, contentType);
        out.setHeader("Cache-Control", "no-store");
        out.setHeader("Content-Security-Policy", contentSecurityPolicy);
        out.setHeader("X-Content-Type-Options", "nosniff");
        out.setHeader("Referrer-Policy", "no-referrer");
        out.setBody(body);
        return out;
    }

    /** An HTML page. */
    static Message html(Exchange exchange, int status, String contentSecurityPolicy, String html) {
        return send(exchange, status, HTML, contentSecurityPolicy, html);
    }
}
