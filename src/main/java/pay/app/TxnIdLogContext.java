package pay.app;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.MDC;

/**
 * Puts the txn_id of the invoice an exchange is about into the logging context (MDC key {@code txn_id}) while
 * each step of every route runs, on whichever thread runs it, so every line logged meanwhile (the route's own,
 * Camel's, the beans') carries it. A route names its invoice once, with the exchange property {@code txnId};
 * the property travels with the exchange and its copies (seda, split), while the MDC value lasts one step, so a
 * pooled thread never lends it to the next exchange. A step of an exchange without {@code txnId} runs without
 * a txn_id, even when nested in another exchange's step on the same thread.
 * <p>
 * Not camel-mdc (Camel 4.15+, "preview"), which copies any header or property into the MDC the same way: it
 * replaces {@code camel.main.use-mdc-logging}, and its {@code camel.routeId} is the route an exchange started in,
 * not the route whose step logs. Nor {@code camel.main.mdc-logging-keys-pattern}: it carries a key the code put in
 * the MDC across async hand-overs but never takes it out, so a pooled thread would keep a stale txn_id.
 */
public final class TxnIdLogContext implements InterceptStrategy {
    /** The exchange property a route sets to the txn_id of the invoice it handles. */
    private static final String PROPERTY = "txnId";
    /** The MDC key the log layouts show (log4j2.properties). */
    private static final String MDC_KEY = "txn_id";

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                String txnId = exchange.getProperty(PROPERTY, String.class);
                String outer = MDC.get(MDC_KEY);
                if (txnId == null && outer == null) {
                    return processor.process(exchange, callback);
                }
                put(txnId);
                try {
                    return processor.process(exchange, callback);
                } finally {
                    put(outer);
                }
            }
        };
    }

    private static void put(String txnId) {
        if (txnId == null) {
            MDC.remove(MDC_KEY);
        } else {
            MDC.put(MDC_KEY, txnId);
        }
    }
}
