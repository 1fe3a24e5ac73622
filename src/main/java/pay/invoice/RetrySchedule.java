package pay.invoice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Delays between notification attempts, e.g. {@code 10s,1m,5m,30m,1h}: the first retry 10 s after the
 * first failure, and so on; after the last delay is used up, delivery stops.
 */
public record RetrySchedule(List<Duration> delays) {

    public RetrySchedule {
        delays = List.copyOf(delays);
    }

    public static RetrySchedule parse(String text) {
        List<Duration> delays = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                delays.add(Durations.parse(part));
            }
        }
        return new RetrySchedule(delays);
    }

    /** The wait after failed attempt number {@code attempt} (1-based), or empty when it was the last. */
    public Optional<Duration> delayAfter(int attempt) {
        return attempt >= 1 && attempt <= delays.size() ? Optional.of(delays.get(attempt - 1)) : Optional.empty();
    }

    public Duration total() {
        return delays.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
