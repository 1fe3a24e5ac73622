package pay.invoice;

import pay.keys.ApiKey;
import pay.ratelimit.RateLimit;
import pay.ratelimit.RateLimiter;

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

    private final RateLimiter limiter;

    public CreationRateLimit(RateLimit limit) {
        this.limiter = new RateLimiter(limit);
    }

    @Override
    public void admit(ApiKey key, InvoiceRequest request) {
        long retryAfter = limiter.tryTake(key.id());
        if (retryAfter > 0) {
            throw PayRejection.tooManyRequests(REASON, "this api_key may create "
                    + limiter.limit().describe("invoices") + "; retry after " + retryAfter + " s", retryAfter);
        }
    }
}
