package pay.invoice;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How often step 4a polls a deposit address, by the invoice's age: fresh invoices often, older ones
 * less, none after the last step. Written {@code 2s@15m,15s@1h,3m@24h}: every 2 s until 15 minutes old,
 * every 15 s until one hour, every 3 minutes until a day, then no more. Keeps the cost of watching
 * bounded as open invoices pile up.
 */
public record WatchSchedule(List<Step> steps) {

    public record Step(Duration interval, Duration untilAge) {
    }

    public WatchSchedule {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a watch schedule needs at least one step");
        }
    }

    public static WatchSchedule parse(String text) {
        List<Step> steps = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] intervalAndAge = part.split("@");
            if (intervalAndAge.length != 2) {
                throw new IllegalArgumentException("watch schedule step must be INTERVAL@AGE, got '" + part + "'");
            }
            steps.add(new Step(Durations.parse(intervalAndAge[0]), Durations.parse(intervalAndAge[1])));
        }
        return new WatchSchedule(steps);
    }

    /** When to poll next an invoice created at {@code createdAt}, or empty when it is past watching. */
    public Optional<Instant> nextCheck(Instant createdAt, Instant now) {
        Duration age = Duration.between(createdAt, now);
        for (Step step : steps) {
            if (age.compareTo(step.untilAge()) < 0) {
                return Optional.of(now.plus(step.interval()));
            }
        }
        return Optional.empty();
    }

    /** How long an invoice stays watched at all: the monitoring window. */
    public Duration window() {
        return steps.get(steps.size() - 1).untilAge();
    }
}
