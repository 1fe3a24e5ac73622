package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One seller's dead endpoint never holds up another seller's notification (a BTCPay bug). */
class SlowSellerIsolationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSellerWhoseEndpointNeverAnswersDoesNotDelayAnotherSeller(@TempDir Path dataDir) throws Exception {
        List<Socket> heldOpen = new CopyOnWriteArrayList<>();
        try (ServerSocket blackhole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             PayHarness pay = new PayHarness(dataDir, Map.of("pay.notify.response-timeout-ms", "60000",
                     "pay.notify.lease", "2m"));
             SellerServer liveSeller = new SellerServer()) {
            Thread acceptor = new Thread(() -> {
                while (!blackhole.isClosed()) {
                    try {
                        heldOpen.add(blackhole.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "blackhole-seller");
            acceptor.setDaemon(true);
            acceptor.start();
            String deadUrl = "http://127.0.0.1:" + blackhole.getLocalPort() + "/ipn";
            String payout = pay.account(0).addr();
            PayHarness.Account customer = pay.account(13);
            for (int i = 0; i < 12; i++) {
                String address = JSON.readTree(pay.post(pay.order(1, deadUrl, payout)).body()).get("address").asText();
                pay.blc.sendCoin(address, 1, customer.addr(), customer.pwd());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> heldOpen.size() >= 2);

            String address = JSON.readTree(pay.post(pay.order(1, liveSeller.listenUrl(), payout)).body())
                    .get("address").asText();
            pay.blc.sendCoin(address, 1, customer.addr(), customer.pwd());

            await().atMost(Duration.ofSeconds(30)).until(() -> liveSeller.received().size() == 1);
            assertThat(heldOpen).as("deliveries in flight to the dead endpoint").hasSizeLessThanOrEqualTo(2);
            // The endpoint dies for good before Pay stops: a retry is refused at once instead of holding the stop.
            blackhole.close();
            heldOpen.forEach(socket -> {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a test socket
                }
            });
        }
    }
}
