package pay.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * The HTTP server refuses a body over {@code camel.server.max-body-size} with a bare 413 before any route
 * runs; this answers it as Pay answers every other error: JSON with a reason ({@code body_too_large}).
 */
final class OversizedBodyReply implements Handler<RoutingContext> {
    static final String REASON = "body_too_large";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String reply;

    OversizedBodyReply(long maxBodyBytes) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("error", REASON);
        fields.put("message", "the request body is larger than " + maxBodyBytes + " bytes; nothing was stored");
        try {
            reply = JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Installs the reply on the HTTP server, which exists once Camel has started. */
    static StartupListener installer(int httpPort, long maxBodyBytes) {
        return (context, alreadyStarted) -> VertxPlatformHttpRouter
                .lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(httpPort))
                .route().failureHandler(new OversizedBodyReply(maxBodyBytes));
    }

    /** A failure handler: answers the 413s, passes every other failure on. */
    @Override
    public void handle(RoutingContext request) {
        if (request.statusCode() != 413) {
            request.next();
        } else if (!request.response().ended()) {
            request.response().setStatusCode(413).putHeader("Content-Type", "application/json").end(reply);
        }
    }
}
