package pay.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pay.keys.ApiKey;
import pay.ratelimit.RateLimit;

class CreationRateLimitTest {
    private static final ApiKey FIRST = new ApiKey("key00001", "a@example.com", Instant.EPOCH, null);
    private static final ApiKey SECOND = new ApiKey("key00002", "b@example.com", Instant.EPOCH, null);

    private static InvoiceRequest request() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("price", "5");
        form.put("api_key", "pk_x");
        form.put("listen_url", "https://shop.example/ipn");
        form.put("payout_addr", "p".repeat(40));
        return InvoiceRequest.parse(form, InvoiceLimits.DEFAULT);
    }

    @Test
    void aKeyMayCreateItsBurstAtOnceThenIsToldWhenToRetry() {
        CreationRateLimit limit = new CreationRateLimit(RateLimit.parse("2/1h", 2));
        limit.admit(FIRST, request());
        limit.admit(FIRST, request());

        assertThatThrownBy(() -> limit.admit(FIRST, request()))
                .isInstanceOfSatisfying(PayRejection.class, rejection -> {
                    assertThat(rejection.httpStatus()).isEqualTo(429);
                    assertThat(rejection.reason()).isEqualTo("rate_limited");
                    // one token comes back every 30 minutes
                    assertThat(rejection.retryAfterSeconds()).isBetween(1L, 1800L);
                });
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        CreationRateLimit limit = new CreationRateLimit(RateLimit.parse("1/1h", 1));
        limit.admit(FIRST, request());

        limit.admit(SECOND, request());
        assertThatThrownBy(() -> limit.admit(SECOND, request())).isInstanceOf(PayRejection.class);
    }
}
