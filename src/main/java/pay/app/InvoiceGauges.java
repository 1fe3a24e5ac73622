package pay.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import pay.invoice.InvoiceState;

/**
 * Gauge {@code pay_invoices{state=…}}: invoices by state. One count query serves every state's gauge
 * for a few seconds, so a scrape costs one query, not one per state.
 */
final class InvoiceGauges {
    private static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final Supplier<Map<InvoiceState, Long>> counter;
    private final Clock clock;
    private Map<InvoiceState, Long> counts = Map.of();
    private Instant countedAt = Instant.MIN;

    InvoiceGauges(Supplier<Map<InvoiceState, Long>> counter, Clock clock) {
        this.counter = counter;
        this.clock = clock;
    }

    void bindTo(MeterRegistry registry) {
        for (InvoiceState state : InvoiceState.values()) {
            Gauge.builder("pay.invoices", this, gauges -> gauges.count(state))
                    .description("Invoices by state")
                    .tag("state", state.wireName())
                    .register(registry);
        }
    }

    private synchronized double count(InvoiceState state) {
        Instant now = clock.instant();
        if (countedAt.plus(FRESH_FOR).isBefore(now)) {
            counts = counter.get();
            countedAt = now;
        }
        return counts.getOrDefault(state, 0L);
    }
}
