package pay.seller;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import pay.invoice.PayRejection;
import pay.ratelimit.RateLimit;
import pay.ratelimit.RateLimiter;

/**
 * Sign-ups and key recoveries per client address (properties {@code pay.signup.rate-limit} and
 * {@code pay.signup.rate-limit-burst}). Every request takes a token, refused or not: a sign-up stores a row and
 * a recovery hashes a password on purpose slowly (PBKDF2), so neither may be repeated without bound, and
 * recovery passwords cannot be guessed at speed. An IPv6 client counts by its /64, since one host commonly
 * holds a whole /64. Buckets live in this process: with several Pay processes, each allows the rate.
 */
public final class SignupRateLimit {
    public static final String REASON = "rate_limited";
    private static final int IPV6_PREFIX_BYTES = 8;

    private final RateLimiter limiter;

    public SignupRateLimit(RateLimit limit) {
        this.limiter = new RateLimiter(limit);
    }

    /** Takes a token for {@code clientAddress} (an IP literal), or refuses with 429 and when to retry. */
    public void admit(String clientAddress) {
        long retryAfter = limiter.tryTake(addressGroup(clientAddress));
        if (retryAfter > 0) {
            throw PayRejection.tooManyRequests(REASON, "Too many sign-ups and key recoveries from your address: it may"
                    + " make " + limiter.limit().describe("requests") + ". Please try again in "
                    + readableWait(retryAfter) + ".", retryAfter);
        }
    }

    /** The bucket an address counts in: an IPv4 address itself, an IPv6 address its /64 prefix. */
    static String addressGroup(String clientAddress) {
        if (clientAddress == null || clientAddress.indexOf(':') < 0) {
            return String.valueOf(clientAddress);
        }
        try {
            // An IPv6 literal: parsed without any name look-up. IPv4-mapped forms come back as IPv4.
            byte[] address = InetAddress.getByName(clientAddress).getAddress();
            return address.length == 4 ? InetAddress.getByAddress(address).getHostAddress()
                    : HexFormat.of().formatHex(Arrays.copyOf(address, IPV6_PREFIX_BYTES)) + "::/64";
        } catch (UnknownHostException notAnAddress) {
            return clientAddress;
        }
    }

    private static String readableWait(long seconds) {
        return seconds < 120 ? seconds + " seconds" : (seconds + 59) / 60 + " minutes";
    }
}
