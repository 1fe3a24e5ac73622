package pay.app;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * platform-http on Vert.x, except that the request body reaches the route as the bytes the client sent, a
 * form-encoded one included, for {@link pay.web.Forms#decode} to read, and that form fields never become
 * message headers. Plain platform-http hands a route the form as Vert.x decoded it, and that is not what was
 * sent (measured with Camel 4.18, Vert.x 4.5): names lose leading and trailing whitespace, names differing
 * only in case are merged, fields named {@code Camel*} are dropped by the header filter, escaped bytes that are
 * not UTF-8 become U+FFFD, and a broken escape at the end of the body silently loses fields. It also adds each
 * field to the headers, where a field named {@code Content-Type} or {@code Accept} joins the real header.
 * Vert.x still reads and decodes the body first (its size limit and its refusals stay, answered by
 * {@link HttpServerRefusals}). A route opts in with {@code platformHttpEngine: "#rawFormHttpEngine"}.
 */
final class RawFormHttpEngine extends VertxPlatformHttpEngine {

    /**
     * Registers nothing: the parent would bind itself as the engine of every platform-http endpoint, and the
     * other routes need none of this.
     */
    @Override
    protected void doInit() {
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new VertxPlatformHttpConsumer(endpoint, processor, getHandlers(),
                VertxPlatformHttpRouter.getRouterNameFromPort(getServerPort())) {
            @Override
            protected Future<Void> populateCamelMessage(RoutingContext request, Exchange exchange, Message message) {
                return super.populateCamelMessage(request, exchange, message).map(populated -> {
                    // Camel copies Vert.x's decoded form into the headers and the body next: leave it nothing.
                    request.request().formAttributes().clear();
                    Buffer sent = request.body().buffer();
                    message.setBody(sent == null ? null : sent.getBytes());
                    return populated;
                });
            }
        };
    }
}
