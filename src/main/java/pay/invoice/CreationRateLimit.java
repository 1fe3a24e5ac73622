package pay.invoice;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import pay.keys.ApiKey;

/**
 * Invoice creation per API key (property {@code pay.invoice.rate-limit}, e.g. {@code 600/1m}, and
 * {@code pay.invoice.rate-limit-burst}): a token bucket per key holds up to {@code burst} invoices and refills
 * at the rate, so a key can create {@code burst} invoices at once and the rate for as long as it likes.
 * Every authenticated attempt takes a token, refused or not. Each deposit address costs a BLC registration and
 * hours of watching, so a leaked or buggy key must not be able to create them without bound. Buckets live in
 * this process: with several Pay processes, each allows the rate.
 */
public final class CreationRateLimit implements InvoiceAdmission {
    public static final String REASON = "rate_limited";

    /** {@code invoices} per {@code period}, with bursts of up to {@code burst}. */
    public record Limit(long invoices, Duration period, long burst) {
        public Limit {
            if (invoices < 1 || burst < 1 || period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("a rate limit needs at least 1 invoice per positive period"
                        + " and a burst of at least 1");
            }
        }

        /** {@code 600/1m} (invoices per period, the period as in {@link Durations}) and the burst. */
        public static Limit parse(String rate, long burst) {
            String[] invoicesAndPeriod = rate.strip().split("/", 2);
            if (invoicesAndPeriod.length != 2 || !invoicesAndPeriod[0].strip().matches("[0-9]{1,18}")) {
                throw new IllegalArgumentException("a rate limit reads INVOICES/PERIOD, like 600/1m, not '" + rate + "'");
            }
            return new Limit(Long.parseLong(invoicesAndPeriod[0].strip()), Durations.parse(invoicesAndPeriod[1]), burst);
        }
    }

    private final Limit limit;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public CreationRateLimit(Limit limit) {
        this.limit = limit;
    }

    @Override
    public void admit(ApiKey key, InvoiceRequest request) {
        ConsumptionProbe probe = buckets.computeIfAbsent(key.id(), id -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
            throw PayRejection.tooManyRequests(REASON, "this api_key may create " + limit.invoices() + " invoices per "
                    + limit.period().toString().substring(2).toLowerCase(Locale.ROOT) + " (bursts of " + limit.burst()
                    + "); retry after " + retryAfter + " s", retryAfter);
        }
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.burst()).refillGreedy(limit.invoices(), limit.period()).build())
                .build();
    }
}
