package pay.app;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * platform-http's header filter, except that a route may set {@code Cache-Control} on its reply: Camel's
 * HTTP filter drops that header silently, and the checkout page's replies must say {@code no-store}.
 * Routes opt in with the endpoint parameter {@code headerFilterStrategy: "#cachePolicyHeaderFilter"}.
 */
public final class CachePolicyHeaderFilter extends HttpHeaderFilterStrategy {

    public CachePolicyHeaderFilter() {
        getOutFilter().remove("cache-control");
    }
}
