package pay.seller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import pay.invoice.PayRejection;
import pay.ratelimit.RateLimit;

class SignupRateLimitTest {
    private final SignupRateLimit limit = new SignupRateLimit(RateLimit.parse("1/1h", 1));

    @Test
    void anAddressOverTheLimitIsToldWhenToRetry() {
        limit.admit("192.0.2.1");

        assertThatThrownBy(() -> limit.admit("192.0.2.1")).isInstanceOfSatisfying(PayRejection.class, rejection -> {
            assertThat(rejection.httpStatus()).isEqualTo(429);
            assertThat(rejection.reason()).isEqualTo("rate_limited");
            assertThat(rejection.retryAfterSeconds()).isBetween(1L, 3600L);
            assertThat(rejection.getMessage()).contains("1 requests per 1h", "try again in 60 minutes");
        });
    }

    @Test
    void eachIpv4AddressCountsOnItsOwn() {
        limit.admit("192.0.2.1");

        assertThatNoException().isThrownBy(() -> limit.admit("192.0.2.2"));
    }

    @Test
    void ipv6AddressesOfOneSlash64CountTogether() {
        limit.admit("2001:db8:1:2:aaaa::1");

        assertThatThrownBy(() -> limit.admit("2001:db8:1:2:ffff:ffff:ffff:ffff")).isInstanceOf(PayRejection.class);
        assertThatNoException().isThrownBy(() -> limit.admit("2001:db8:1:3::1"));
    }

    @Test
    void anIpv4MappedAddressCountsAsItsIpv4Address() {
        assertThat(SignupRateLimit.addressGroup("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(SignupRateLimit.addressGroup("2001:db8::1")).isEqualTo(SignupRateLimit.addressGroup("2001:0db8:0:0:1::9"));
    }
}
