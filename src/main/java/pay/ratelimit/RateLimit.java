package pay.ratelimit;

import java.time.Duration;
import java.util.Locale;
import pay.invoice.Durations;

/**
 * {@code count} requests per {@code period}, in bursts of up to {@code burst} at once: a token bucket that
 * holds {@code burst} tokens and refills at the rate.
 */
public record RateLimit(long count, Duration period, long burst) {
    public RateLimit {
        if (count < 1 || burst < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a rate limit needs at least 1 request per positive period"
                    + " and a burst of at least 1");
        }
    }

    /** {@code 600/1m} (requests per period, the period as in {@link Durations}) and the burst. */
    public static RateLimit parse(String rate, long burst) {
        String[] countAndPeriod = rate.strip().split("/", 2);
        if (countAndPeriod.length != 2 || !countAndPeriod[0].strip().matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException("a rate limit reads COUNT/PERIOD, like 600/1m, not '" + rate + "'");
        }
        return new RateLimit(Long.parseLong(countAndPeriod[0].strip()), Durations.parse(countAndPeriod[1]), burst);
    }

    /** How long an untouched bucket takes to fill up from empty: after that, it is as good as new. */
    public Duration refillTime() {
        return period.multipliedBy(burst).dividedBy(count).plusNanos(1);
    }

    /** E.g. {@code 600 invoices per 1m (bursts of 100)}. */
    public String describe(String what) {
        return count + " " + what + " per " + period.toString().substring(2).toLowerCase(Locale.ROOT)
                + " (bursts of " + burst + ")";
    }
}
