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
 * The requests the HTTP server refuses before any route runs, answered as Pay answers every other error: JSON
 * with a reason. A body over {@code camel.server.max-body-size} is 413 {@code body_too_large}; a form body that
 * cannot be decoded (a broken {@code %} escape) is 400 {@code malformed_body}. Nothing was stored for either.
 */
final class HttpServerRefusals implements Handler<RoutingContext> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long maxBodyBytes;

    HttpServerRefusals(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Installs the replies on the HTTP server, which exists once Camel has started. */
    static StartupListener installer(int httpPort, long maxBodyBytes) {
        return (context, alreadyStarted) -> VertxPlatformHttpRouter
                .lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(httpPort))
                .route().failureHandler(new HttpServerRefusals(maxBodyBytes));
    }

    /** A failure handler: answers the refusals above, passes every other failure on. */
    @Override
    public void handle(RoutingContext request) {
        if (request.response().ended()) {
            return;
        }
        switch (request.statusCode()) {
            case 413 -> bodyTooLarge(request);
            case 400 -> malformedBody(request);
            default -> request.next();
        }
    }

    private void bodyTooLarge(RoutingContext request) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("error", "body_too_large");
        fields.put("message", "the request body is larger than " + maxBodyBytes + " bytes; nothing was stored");
        request.response().setStatusCode(413).putHeader("Content-Type", "application/json").end(json(fields));
    }

    private static void malformedBody(RoutingContext request) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("error", "malformed_body");
        fields.put("message", "the request body cannot be decoded as its Content-Type says; nothing was stored");
        request.response().setStatusCode(400).putHeader("Content-Type", "application/json").end(json(fields));
    }

    private static String json(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
