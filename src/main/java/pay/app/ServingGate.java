package pay.app;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;

/**
 * Lets requests through only while Pay runs. Its HTTP server listens before the routes have started and
 * after they have stopped; in between, Vert.x would answer a seller's POST with an HTML 404, as if Pay had no
 * such endpoint. The gate answers 503 with {@code Retry-After} instead, which every HTTP client retries, in
 * the JSON every other refusal uses. Health and metrics ({@code /observe}) always pass: they report starting
 * and stopping themselves.
 */
final class ServingGate implements AuthenticationHandler {
    static final String RETRY_AFTER_SECONDS = "1";

    private final CamelContext context;

    ServingGate(CamelContext context) {
        this.context = context;
    }

    @Override
    public void handle(RoutingContext request) {
        if (context.isStarted() || request.normalizedPath().startsWith("/observe/")) {
            request.next();
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        if (context.isStopping() || context.isStopped()) {
            fields.put("error", "stopping");
        } else {
            fields.put("error", "starting");
        }
        fields.put("message", "Pay is " + fields.get("error") + "; nothing was stored, retry shortly");
        request.response().setStatusCode(503)
                .putHeader("Content-Type", "application/json")
                .putHeader("Retry-After", RETRY_AFTER_SECONDS)
                .end(new JsonObject(fields).encode());
    }
}
