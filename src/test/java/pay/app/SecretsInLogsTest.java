package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pay.ClosingFigures;
import pay.blc.server.BlcServer;
import pay.blc.server.BlcServerSettings;
import pay.crypto.MasterSecret;
import pay.crypto.NotificationSignature;
import pay.invoice.InvoiceState;

/**
 * A full payment and its failures (a bad key, the BLC server down at invoice creation and again during the
 * payout, a seller answering 500, a forged echo), with every log line and printed line captured: none of the
 * secrets involved appears in any of them, nor in any reply or notification.
 */
class SecretsInLogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final List<HttpResponse<String>> replies = new CopyOnWriteArrayList<>();

    @Test
    void noSecretOfAPaymentOrOfItsFailuresAppearsInAnyLogLineReplyOrNotification() throws Exception {
        Path payDir = dataDir.resolve("pay");
        BlcServerSettings blcSettings = new BlcServerSettings("127.0.0.1", PayHarness.freePort(),
                dataDir.resolve("blc-ledger.db"), 1, BlcServerSettings.DEFAULT_IDLE_TIMEOUT);
        try (CapturedOutput output = new CapturedOutput();
             SellerServer seller = new SellerServer()) {
            BlcServer[] blc = {BlcServer.start(blcSettings)};
            try (PayHarness pay = new PayHarness(payDir, Map.of(), "127.0.0.1:" + blcSettings.port())) {
                PayHarness.Account sellerWallet = pay.account(0);
                PayHarness.Account customer = pay.account(6);
                String wrongKey = pay.apiKey.substring(0, pay.apiKey.length() - 4) + "Zzz9";

                Map<String, String> badKey = pay.order(6, seller.listenUrl(), sellerWallet.addr());
                badKey.put("api_key", wrongKey);
                assertThat(post(pay, badKey).statusCode()).isEqualTo(401);

                blc[0].close();
                assertThat(post(pay, pay.order(6, seller.listenUrl(), sellerWallet.addr())).statusCode()).isEqualTo(503);
                blc[0] = BlcServer.start(blcSettings);

                Map<String, String> order = pay.order(6, seller.listenUrl(), sellerWallet.addr());
                order.put("sell_order", "book-42");
                HttpResponse<String> created = post(pay, order);
                assertThat(created.statusCode()).isEqualTo(201);
                JsonNode invoice = JSON.readTree(created.body());
                String txnId = invoice.get("txn_id").asText();
                String address = invoice.get("address").asText();

                // The first delivery is answered 500; at the second the seller echoes a forged and then the genuine
                // notification, after the BLC server went down again, so the payout fails until it is back.
                seller.answer(500);
                seller.onReceive(received -> {
                    if (!received.fields().get("attempt").equals("2")) {
                        return;
                    }
                    blc[0].close();
                    Map<String, String> echo = received.echo();
                    Map<String, String> forged = new LinkedHashMap<>(echo);
                    forged.put("amount", "600");
                    assertThat(post(pay, forged).body()).contains("INVALID");
                    assertThat(post(pay, echo).body()).contains("VERIFIED");
                });
                pay.blc.sendCoin(address, 6, customer.addr(), customer.pwd());

                await().atMost(Duration.ofSeconds(30)).until(() -> output.logged("6c pay " + txnId + " failed"));
                blc[0] = BlcServer.start(blcSettings);
                await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(txnId).state() == InvoiceState.PAID_OUT);
                assertThat(pay.blc.checkAddr(sellerWallet.addr())).isEqualTo(6);

                MasterSecret master = MasterSecret.load(payDir, System.getenv());
                List<String> secrets = new ArrayList<>(List.of(pay.apiKey, wrongKey,
                        master.derive("deposit", address),
                        NotificationSignature.secretFor(master, pay.invoice(txnId).apiKeyId()),
                        customer.pwd(), sellerWallet.pwd()));
                secrets.addAll(masterSecretForms(payDir));

                // The capture did see the run, failures included, and Pay's debug lines (the BLC server's requests).
                assertThat(output.logged("3 register")).isTrue();
                assertThat(output.logged("3a invoice " + txnId)).isTrue();
                assertThat(output.logged("6 notify " + txnId + " attempt 1: HTTP 500")).isTrue();
                assertThat(output.logged("6c paid " + txnId)).isTrue();
                assertThat(output.logged("send_coin")).isTrue();

                List<String> seen = new ArrayList<>(output.lines());
                for (HttpResponse<String> reply : replies) {
                    seen.add(reply.body());
                    seen.add(reply.headers().map().toString());
                }
                for (SellerServer.Received notification : seller.received()) {
                    seen.add(notification.rawBody());
                    seen.add(notification.signature());
                }
                assertThat(seen).hasSizeGreaterThan(100);
                for (String secret : secrets) {
                    assertThat(secret).hasSizeGreaterThanOrEqualTo(16);
                    assertThat(seen).as("lines holding a secret").noneMatch(line -> line.contains(secret));
                }
                ClosingFigures.record("SecretsInLogs", String.format(
                        "secrets scan: %d secrets, none in %d log and printed lines, %d replies, %d notifications",
                        secrets.size(), output.lines().size(), replies.size(), seller.received().size()));
            } finally {
                blc[0].close();
            }
        }
    }

    private HttpResponse<String> post(PayHarness pay, Map<String, String> fields) {
        try {
            HttpResponse<String> reply = pay.post(fields);
            replies.add(reply);
            return reply;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The master secret as stored (base64) and as its bytes would print in hex. */
    private static List<String> masterSecretForms(Path payDir) throws Exception {
        String stored = System.getenv(MasterSecret.ENVIRONMENT_VARIABLE) != null
                ? System.getenv(MasterSecret.ENVIRONMENT_VARIABLE)
                : Files.readString(payDir.resolve(MasterSecret.FILE_NAME), StandardCharsets.US_ASCII);
        byte[] bytes = Base64.getDecoder().decode(stored.strip());
        return List.of(stored.strip(), Base64.getEncoder().withoutPadding().encodeToString(bytes),
                HexFormat.of().formatHex(bytes));
    }
}
