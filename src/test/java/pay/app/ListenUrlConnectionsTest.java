package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.ssl.SSLContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pay.invoice.ForbiddenListenUrlException;
import pay.invoice.ListenUrlPolicy;

/**
 * Step 6's connections judge the addresses they connect to, not those of an earlier look-up: a seller host
 * whose DNS answer turns from public to loopback between the check and the connection (rebinding) gets nothing.
 * And https listen_urls work through them, with the certificate checked against the host name. Real HTTP and
 * TLS over loopback, with a resolver playing the seller's DNS.
 */
class ListenUrlConnectionsTest {
    private static final String HOST = "shop.example";
    private static final String PASSWORD = "changeit";

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

    @Test
    void anHttpsListenUrlIsDeliveredToOnlyWhenTheCertificateNamesItsHost(@TempDir Path dir) throws Exception {
        KeyStore shopKeys = selfSignedKeyStore(dir, HOST);
        ListenUrlPolicy allowingLoopback = new ListenUrlPolicy(true, false,
                host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});
        List<String> received = new CopyOnWriteArrayList<>();
        HttpsServer shop = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        shop.setHttpsConfigurator(new HttpsConfigurator(SSLContexts.custom()
                .loadKeyMaterial(shopKeys, PASSWORD.toCharArray()).build()));
        shop.createContext("/ipn", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                received.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        shop.start();
        try {
            SSLContext trustingTheShop = SSLContexts.custom().loadTrustMaterial(shopKeys, null).build();
            int port = shop.getAddress().getPort();

            assertThat(post(allowingLoopback, "https://" + HOST + ":" + port + "/ipn", trustingTheShop)).isEqualTo(204);
            assertThat(received).containsExactly("txn_id=txn_1");
            assertThatThrownBy(() -> post(allowingLoopback, "https://other.example:" + port + "/ipn", trustingTheShop))
                    .isInstanceOf(SSLException.class);
            assertThat(received).hasSize(1);
        } finally {
            shop.stop(0);
        }
    }

    /** A key store with one self-signed certificate for {@code host}, made by the JDK's keytool. */
    private static KeyStore selfSignedKeyStore(Path dir, String host) throws Exception {
        Path file = dir.resolve("shop.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "shop", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + host,
                "-ext", "SAN=dns:" + host, "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        return keys;
    }

    /** The seller's listen_url, named by HOST instead of its loopback address. */
    private static String listenUrlOn(SellerServer seller) {
        URI local = URI.create(seller.listenUrl());
        return "http://" + HOST + ":" + local.getPort() + local.getPath();
    }

    private static int post(ListenUrlPolicy policy, String url) throws Exception {
        return post(policy, url, SSLContext.getDefault());
    }

    private static int post(ListenUrlPolicy policy, String url, SSLContext tls) throws Exception {
        try (CloseableHttpClient client = HttpClients.custom().setConnectionManager(
                ListenUrlConnections.create(policy, Duration.ofSeconds(2), Duration.ofSeconds(5), tls)).build()) {
            HttpPost post = new HttpPost(url);
            post.setEntity(new StringEntity("txn_id=txn_1"));
            return client.execute(post, response -> response.getCode());
        }
    }
}
