package pay.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A rate limit as the properties give it, and the buckets that enforce it. */
class RateLimiterTest {

    @Test
    void aLimitReadsRequestsPerPeriod() {
        assertThat(RateLimit.parse("600/1m", 100)).isEqualTo(new RateLimit(600, Duration.ofMinutes(1), 100));
        assertThat(RateLimit.parse(" 100 / 1h ", 5)).isEqualTo(new RateLimit(100, Duration.ofHours(1), 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"600", "600/", "/1m", "x/1m", "0/1m", "600/0s", "-1/1m", "600/1 fortnight"})
    void aMalformedLimitIsRefusedAtStart(String rate) {
        assertThatThrownBy(() -> RateLimit.parse(rate, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBurstOfZeroIsRefused() {
        assertThatThrownBy(() -> RateLimit.parse("10/1h", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyBucketFillsUpInBurstOverRate() {
        assertThat(RateLimit.parse("10/1h", 5).refillTime()).isBetween(Duration.ofMinutes(30), Duration.ofMinutes(30).plusMillis(1));
        assertThat(RateLimit.parse("600/1m", 100).refillTime()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(10).plusMillis(1));
    }

    @Test
    void aLimitDescribesItselfForPeople() {
        assertThat(RateLimit.parse("600/1m", 100).describe("invoices")).isEqualTo("600 invoices per 1m (bursts of 100)");
    }


    @Test
    void aKeyTakesItsBurstAtOnceThenIsToldHowLongToWait() {
        RateLimiter limiter = new RateLimiter(RateLimit.parse("2/1h", 2));

        assertThat(limiter.tryTake("a")).isZero();
        assertThat(limiter.tryTake("a")).isZero();
        // one token comes back every 30 minutes
        assertThat(limiter.tryTake("a")).isBetween(1L, 1800L);
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        RateLimiter limiter = new RateLimiter(RateLimit.parse("1/1h", 1));
        limiter.tryTake("a");

        assertThat(limiter.tryTake("b")).isZero();
        assertThat(limiter.tryTake("a")).isPositive();
    }
}
