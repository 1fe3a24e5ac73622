package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pay.crypto.MasterSecret;
import pay.crypto.NotificationSignature;

/** Step 6 deliveries are signed with the seller's own secret, and the seller can tell a forged or replayed one. */
class SignedNotificationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TOLERANCE = NotificationSignature.DEFAULT_TOLERANCE;

    @TempDir
    Path dataDir;
    PayHarness pay;
    SellerServer seller;

    @BeforeEach
    void start() throws Exception {
        pay = new PayHarness(dataDir);
        seller = new SellerServer();
    }

    @AfterEach
    void stop() {
        seller.close();
        pay.close();
    }

    @Test
    void theSellerVerifiesEveryRealDeliveryWithItsSecretAndATamperedOrReplayedOneFails() throws Exception {
        // What keys create printed for this seller's key, recomputed from the same master secret.
        String keyId = pay.apiKey.split("_")[1];
        String sellersSecret = NotificationSignature.secretFor(MasterSecret.load(dataDir, System.getenv()), keyId);
        List<Boolean> verifiedOnArrival = new CopyOnWriteArrayList<>();
        seller.onReceive(received -> verifiedOnArrival.add(
                NotificationSignature.verify(received.signature(), received.rawBody(), sellersSecret, TOLERANCE, Instant.now())));
        seller.answer(500);
        Map<String, String> order = pay.order(4, seller.listenUrl(), pay.account(0).addr());
        order.put("sell_note", "gift wrap ü & co");
        HttpResponse<String> created = pay.post(order);
        JsonNode invoice = JSON.readTree(created.body());
        PayHarness.Account customer = pay.account(4);

        pay.blc.sendCoin(invoice.get("address").asText(), 4, customer.addr(), customer.pwd());

        await().atMost(Duration.ofSeconds(20)).until(() -> seller.received().size() == 2);
        assertThat(verifiedOnArrival).containsExactly(true, true);
        SellerServer.Received first = seller.received().get(0);
        SellerServer.Received retry = seller.received().get(1);
        assertThat(first.signature()).matches("t=[0-9]+,v1=[0-9a-f]{64}").isNotEqualTo(retry.signature());

        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(first.signature().split(",")[0].substring(2)));
        String tampered = first.rawBody().replace("amount=4", "amount=400");
        assertThat(tampered).isNotEqualTo(first.rawBody());
        assertThat(NotificationSignature.verify(first.signature(), tampered, sellersSecret, TOLERANCE, signedAt)).isFalse();
        assertThat(NotificationSignature.verify(first.signature(), retry.rawBody(), sellersSecret, TOLERANCE, signedAt))
                .as("a signature does not carry over to another attempt's body").isFalse();
        assertThat(NotificationSignature.verify(first.signature(), first.rawBody(), sellersSecret, TOLERANCE,
                signedAt.plus(TOLERANCE).plusSeconds(1))).as("replayed after the tolerance").isFalse();
        String anotherKeysSecret = NotificationSignature.secretFor(MasterSecret.load(dataDir, System.getenv()), "otherkey");
        assertThat(NotificationSignature.verify(first.signature(), first.rawBody(), anotherKeysSecret, TOLERANCE, signedAt))
                .isFalse();
    }
}
