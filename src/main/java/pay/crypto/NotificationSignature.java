package pay.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code Pay-Signature} header of a step-6 notification, signed as Stripe signs webhooks:
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>}. The secret is the seller's
 * notification signing secret ({@link #secretFor}, printed by {@code keys create}); its text, as printed,
 * is the HMAC key. The timestamp is signed with the body, so a captured notification replayed after the
 * tolerance fails verification. Pay signs with an instance (its master secret and clock); sellers verify with
 * {@link #verify}.
 */
public final class NotificationSignature {
    public static final String HEADER = "Pay-Signature";
    /** Purpose under which a key's signing secret is derived from the master secret. */
    public static final String SECRET_PURPOSE = "notify";
    /** How far a signature's timestamp may be from the verifier's clock (Stripe's choice too). */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String SCHEME = "v1";

    private final MasterSecret master;
    private final Clock clock;

    public NotificationSignature(MasterSecret master, Clock clock) {
        this.master = master;
        this.clock = clock;
    }

    /** The signing secret of the API key {@code apiKeyId}: what {@code keys create} prints for it. */
    public static String secretFor(MasterSecret master, String apiKeyId) {
        return master.derive(SECRET_PURPOSE, apiKeyId);
    }

    /** The header value for {@code body}, sent now for the key {@code apiKeyId}. */
    public String headerFor(String apiKeyId, String body) {
        return sign(secretFor(master, apiKeyId), clock.instant().getEpochSecond(), body);
    }

    /** {@code t=<unixSeconds>,v1=<hex HMAC-SHA256(secret, "<unixSeconds>.<body>")>}. */
    public static String sign(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + "," + SCHEME + "=" + HexFormat.of().formatHex(hmac(secret, unixSeconds, body));
    }

    /**
     * Whether {@code header} signs exactly {@code body} (the raw body as received, before any form decoding)
     * with {@code secret}, at a time no further than {@code tolerance} from {@code now}. Any {@code v1} entry
     * may match (several are allowed, as when a secret is rotated); compared in constant time.
     */
    public static boolean verify(String header, String body, String secret, Duration tolerance, Instant now) {
        if (header == null || body == null) {
            return false;
        }
        Long timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String entry : header.split(",")) {
            String[] nameAndValue = entry.strip().split("=", 2);
            if (nameAndValue.length != 2) {
                return false;
            }
            if (nameAndValue[0].equals("t") && nameAndValue[1].matches("[0-9]{1,18}")) {
                timestamp = Long.parseLong(nameAndValue[1]);
            } else if (nameAndValue[0].equals(SCHEME)) {
                signatures.add(nameAndValue[1]);
            }
        }
        if (timestamp == null || signatures.isEmpty()
                || Duration.between(Instant.ofEpochSecond(timestamp), now).abs().compareTo(tolerance) > 0) {
            return false;
        }
        byte[] expected = HexFormat.of().formatHex(hmac(secret, timestamp, body)).getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (String signature : signatures) {
            matched |= MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
        }
        return matched;
    }

    private static byte[] hmac(String secret, long unixSeconds, String body) {
        return HmacSha256.of(secret.getBytes(StandardCharsets.UTF_8),
                (unixSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "NotificationSignature[redacted]";
    }
}
