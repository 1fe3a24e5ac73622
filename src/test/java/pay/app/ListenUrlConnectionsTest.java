package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.Test;
import pay.invoice.ForbiddenListenUrlException;
import pay.invoice.ListenUrlPolicy;

/**
 * Step 6's connections judge the addresses they connect to, not those of an earlier look-up: a seller host
 * whose DNS answer turns from public to loopback between the check and the connection (rebinding) gets nothing.
 * Real HTTP over loopback, with a resolver playing the seller's DNS.
 */
class ListenUrlConnectionsTest {
    private static final String HOST = "shop.example";

    @Test
    void aHostThatRebindsToLoopbackAfterTheCheckIsNeverConnectedTo() throws Exception {
        try (SellerServer seller = new SellerServer()) {
            AtomicInteger lookups = new AtomicInteger();
            InetAddress publicAddress = InetAddress.getByName("203.0.113.10");
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            ListenUrlPolicy production = new ListenUrlPolicy(false, false,
                    host -> new InetAddress[] {lookups.getAndIncrement() == 0 ? publicAddress : loopback});
            String listenUrl = listenUrlOn(seller);

            assertThat(production.forbids(listenUrl)).as("the first answer is public").isFalse();
            assertThatThrownBy(() -> post(production, listenUrl))
                    .isInstanceOf(ForbiddenListenUrlException.class)
                    .hasMessage("forbidden_listen_url: shop.example resolves to 127.0.0.1");
            assertThat(lookups).as("the connection looked the host up itself").hasValue(2);
            assertThat(seller.received()).isEmpty();
        }
    }

    @Test
    void aHostThatResolvesToAnAllowedAddressIsConnectedTo() throws Exception {
        try (SellerServer seller = new SellerServer()) {
            ListenUrlPolicy allowingLoopback = new ListenUrlPolicy(true, false,
                    host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});

            assertThat(post(allowingLoopback, listenUrlOn(seller))).isEqualTo(200);
            assertThat(seller.received()).extracting(SellerServer.Received::rawBody).containsExactly("txn_id=txn_1");
        }
    }

    /** The seller's listen_url, named by HOST instead of its loopback address. */
    private static String listenUrlOn(SellerServer seller) {
        URI local = URI.create(seller.listenUrl());
        return "http://" + HOST + ":" + local.getPort() + local.getPath();
    }

    private static int post(ListenUrlPolicy policy, String url) throws Exception {
        try (CloseableHttpClient client = HttpClients.custom().setConnectionManager(
                ListenUrlConnections.create(policy, Duration.ofSeconds(2), Duration.ofSeconds(5))).build()) {
            HttpPost post = new HttpPost(url);
            post.setEntity(new StringEntity("txn_id=txn_1"));
            return client.execute(post, response -> response.getCode());
        }
    }
}
