package pay.app;

import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of what Pay cannot work without: its database and the BLC server. Served with Camel's own
 * checks at {@code /observe/health}; liveness is unaffected, so an outage does not get Pay restarted.
 */
public final class ReadinessCheck extends AbstractHealthCheck {
    private final BooleanSupplier probe;
    private final String target;

    public ReadinessCheck(String id, String target, BooleanSupplier probe) {
        super("pay", id);
        this.probe = probe;
        this.target = target;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("target", target);
        if (probe.getAsBoolean()) {
            builder.up();
        } else {
            builder.message(target + " is not reachable").down();
        }
    }
}
