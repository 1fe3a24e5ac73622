package pay.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket (Bucket4j) per key: each request takes a token. Buckets live in this process, in a cache
 * that forgets a bucket once it has been left alone long enough to be full again (so forgetting it changes
 * nothing) and that holds at most {@code maxKeys} buckets, so a caller with endless keys (addresses) cannot
 * grow it without bound.
 */
public final class RateLimiter {
    /** Enough for every caller of a busy day; an evicted bucket only returns early to full. */
    public static final long DEFAULT_MAX_KEYS = 100_000;

    private final RateLimit limit;
    private final Cache<String, Bucket> buckets;

    public RateLimiter(RateLimit limit) {
        this(limit, DEFAULT_MAX_KEYS);
    }

    public RateLimiter(RateLimit limit, long maxKeys) {
        this.limit = limit;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(limit.refillTime()).maximumSize(maxKeys).build();
    }

    public RateLimit limit() {
        return limit;
    }

    /** Takes a token from {@code key}'s bucket: 0 when taken, else the whole seconds (at least 1) until one is there. */
    public long tryTake(String key) {
        ConsumptionProbe probe = buckets.get(key, k -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return 0;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.burst()).refillGreedy(limit.count(), limit.period()).build())
                .build();
    }
}
