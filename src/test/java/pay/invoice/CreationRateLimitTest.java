package pay.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pay.keys.ApiKey;

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
    void aLimitReadsInvoicesPerPeriod() {
        assertThat(CreationRateLimit.Limit.parse("600/1m", 100))
                .isEqualTo(new CreationRateLimit.Limit(600, Duration.ofMinutes(1), 100));
        assertThat(CreationRateLimit.Limit.parse(" 100 / 1h ", 5))
                .isEqualTo(new CreationRateLimit.Limit(100, Duration.ofHours(1), 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"600", "600/", "/1m", "x/1m", "0/1m", "600/0s", "-1/1m", "600/1 fortnight"})
    void aMalformedLimitIsRefusedAtStart(String rate) {
        assertThatThrownBy(() -> CreationRateLimit.Limit.parse(rate, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyMayCreateItsBurstAtOnceThenIsToldWhenToRetry() {
        CreationRateLimit limit = new CreationRateLimit(CreationRateLimit.Limit.parse("2/1h", 2));
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
        CreationRateLimit limit = new CreationRateLimit(CreationRateLimit.Limit.parse("1/1h", 1));
        limit.admit(FIRST, request());

        limit.admit(SECOND, request());
        assertThatThrownBy(() -> limit.admit(SECOND, request())).isInstanceOf(PayRejection.class);
    }
}
