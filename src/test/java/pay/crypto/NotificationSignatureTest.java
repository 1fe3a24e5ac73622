package pay.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NotificationSignatureTest {
    private static final String SECRET = "3f1c0e5b9a7d4e2f8c6b1a0d9e8f7c6b5a4d3e2f1c0b9a8d7e6f5c4b3a2d1e0f";
    private static final String BODY = "amount=10&from=" + "c".repeat(40) + "&txn_id=txn_1&status=paid&sell_note=gift+%C3%BC&attempt=1";
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration TOLERANCE = NotificationSignature.DEFAULT_TOLERANCE;

    @Test
    void theHeaderIsTheTimestampAndTheHexHmacOfTimestampDotBody() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((NOW.getEpochSecond() + "." + BODY).getBytes(StandardCharsets.UTF_8)));

        assertThat(NotificationSignature.sign(SECRET, NOW.getEpochSecond(), BODY))
                .isEqualTo("t=" + NOW.getEpochSecond() + ",v1=" + expected);
    }

    @Test
    void theWorkedExampleOfTheSpecificationVerifies() {
        String secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        String body = "amount=10&from=9c2e2b6f1f4a3d5e7c8b9a0d1e2f3a4b5c6d7e8f&txn_id=txn_k3m9q2w8e4r6t1y5u7i0"
                + "&status=paid&sell_order=book-42&attempt=1";
        String header = "t=1780315200,v1=c43909975486dadde35d435b5370854c1a995a1976b158c5315013008e2cd0df";

        assertThat(NotificationSignature.sign(secret, 1780315200L, body)).isEqualTo(header);
        assertThat(NotificationSignature.verify(header, body, secret, TOLERANCE, Instant.ofEpochSecond(1780315200L))).isTrue();
    }

    @Test
    void aSignatureVerifiesWithinTheToleranceOnEitherSide() {
        String header = NotificationSignature.sign(SECRET, NOW.getEpochSecond(), BODY);

        assertThat(NotificationSignature.verify(header, BODY, SECRET, TOLERANCE, NOW)).isTrue();
        assertThat(NotificationSignature.verify(header, BODY, SECRET, TOLERANCE, NOW.plusSeconds(300))).isTrue();
        assertThat(NotificationSignature.verify(header, BODY, SECRET, TOLERANCE, NOW.minusSeconds(300))).isTrue();
    }

    @Test
    void anOldOrFutureTimestampFailsSoACapturedNotificationCannotBeReplayed() {
        String header = NotificationSignature.sign(SECRET, NOW.getEpochSecond(), BODY);

        assertThat(NotificationSignature.verify(header, BODY, SECRET, TOLERANCE, NOW.plusSeconds(301))).isFalse();
        assertThat(NotificationSignature.verify(header, BODY, SECRET, TOLERANCE, NOW.minusSeconds(301))).isFalse();
    }

    @Test
    void aChangedBodyTimestampOrSecretFails() {
        String header = NotificationSignature.sign(SECRET, NOW.getEpochSecond(), BODY);
        String laterTimestamp = header.replace("t=" + NOW.getEpochSecond(), "t=" + (NOW.getEpochSecond() + 1));

        assertThat(NotificationSignature.verify(header, BODY.replace("amount=10", "amount=11"), SECRET, TOLERANCE, NOW)).isFalse();
        assertThat(NotificationSignature.verify(header, BODY + "&sell_extra=1", SECRET, TOLERANCE, NOW)).isFalse();
        assertThat(NotificationSignature.verify(laterTimestamp, BODY, SECRET, TOLERANCE, NOW)).isFalse();
        assertThat(NotificationSignature.verify(header, BODY, SECRET.replace('3', '4'), TOLERANCE, NOW)).isFalse();
    }

    @Test
    void anyOfSeveralSignaturesMayMatchAsWhenASecretIsRotated() {
        String header = NotificationSignature.sign(SECRET, NOW.getEpochSecond(), BODY);
        String withAnOldOneFirst = "t=" + NOW.getEpochSecond() + ",v1=" + "0".repeat(64) + "," + header.split(",")[1];

        assertThat(NotificationSignature.verify(withAnOldOneFirst, BODY, SECRET, TOLERANCE, NOW)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "t=", "v1=abc", "t=1780315200", "t=abc,v1=00", "garbage", "t=1780315200;v1=00",
            "t=-1780315200,v1=00", "t=99999999999999999999,v1=00"})
    void aMalformedHeaderFails(String header) {
        assertThat(NotificationSignature.verify(header, BODY, SECRET, TOLERANCE, NOW)).isFalse();
        assertThat(NotificationSignature.verify(null, BODY, SECRET, TOLERANCE, NOW)).isFalse();
    }

    @Test
    void payAndTheSellerAgreeOnTheSecretOfEachKey(@TempDir Path dataDir) {
        Map<String, String> env = Map.of(MasterSecret.ENVIRONMENT_VARIABLE, Base64.getEncoder().encodeToString(new byte[32]));
        MasterSecret master = MasterSecret.load(dataDir, env);
        NotificationSignature pay = new NotificationSignature(master, Clock.fixed(NOW, ZoneOffset.UTC));

        String header = pay.headerFor("key1", BODY);

        assertThat(header).startsWith("t=" + NOW.getEpochSecond() + ",v1=");
        assertThat(NotificationSignature.verify(header, BODY, NotificationSignature.secretFor(master, "key1"), TOLERANCE, NOW))
                .isTrue();
        assertThat(NotificationSignature.verify(header, BODY, NotificationSignature.secretFor(master, "key2"), TOLERANCE, NOW))
                .isFalse();
        assertThat(NotificationSignature.secretFor(master, "key1")).isEqualTo(master.derive("notify", "key1"));
    }
}
