package pay.invoice;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * At most {@code perEndpoint} step-6 deliveries in flight to one seller endpoint (scheme, host and port
 * of the listen_url) at a time, so a dead or slow seller ties up a few delivery threads, never all of
 * them, and other sellers' notifications go out meanwhile. A slot not given back (a crash of the
 * route) frees itself after {@code lease}, like the notification's own claim.
 */
public final class DeliverySlots {
    private final int perEndpoint;
    private final Duration lease;
    private final Clock clock;
    private final Map<String, List<Instant>> taken = new HashMap<>();

    public DeliverySlots(int perEndpoint, Duration lease, Clock clock) {
        if (perEndpoint < 1) {
            throw new IllegalArgumentException("pay.notify.per-endpoint-concurrency must be at least 1");
        }
        this.perEndpoint = perEndpoint;
        this.lease = lease;
        this.clock = clock;
    }

    /** Takes a slot for a delivery to {@code listenUrl}; false when its endpoint has none free. */
    public synchronized boolean take(String listenUrl) {
        Instant now = clock.instant();
        List<Instant> slots = taken.computeIfAbsent(endpoint(listenUrl), e -> new ArrayList<>());
        slots.removeIf(until -> until.isBefore(now));
        if (slots.size() >= perEndpoint) {
            return false;
        }
        slots.add(now.plus(lease));
        return true;
    }

    /** Gives back a slot taken for {@code listenUrl}. */
    public synchronized void giveBack(String listenUrl) {
        String endpoint = endpoint(listenUrl);
        List<Instant> slots = taken.get(endpoint);
        if (slots != null) {
            if (!slots.isEmpty()) {
                slots.remove(0);
            }
            if (slots.isEmpty()) {
                taken.remove(endpoint);
            }
        }
    }

    private static String endpoint(String listenUrl) {
        URI url = URI.create(listenUrl);
        return url.getScheme() + "://" + url.getHost() + ":" + url.getPort();
    }
}
