package pay.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pay.app.SellerServer;
import pay.blc.BlcClient;
import pay.crypto.RandomTokens;
import pay.wallet.Miner;

/**
 * The jar as shipped, started from a folder without routes/, takes a payment from order to payout, logging JSON
 * lines (PAY_LOG_FORMAT=json, a Log4j plugin the jar must carry) in which each line about the invoice has its txn_id.
 */
class PackagedJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theJarRunsAPaymentEndToEndFromAnyDirectoryAndTheDemoWorksAgainstIt(@TempDir Path workDir) throws Exception {
        Path dataDir = workDir.resolve("data");
        PayProcess.Result key = PayProcess.command(workDir, "keys", "create", "--email", "shop@example.com",
                "--data-dir", dataDir.toString());
        assertThat(key.exitCode()).isZero();
        String apiKey = key.lastLine();
        assertThat(apiKey).startsWith("pk_");

        try (PayProcess pay = PayProcess.run(Map.of("PAY_LOG_FORMAT", "json"), workDir, dataDir, PayProcess.freePort(),
                PayProcess.freePort());
             SellerServer seller = new SellerServer()) {
            assertThat(pay.output()).contains("routes       classpath:routes/*.yaml", "(embedded)");
            BlcClient blc = BlcClient.parse("127.0.0.1:" + pay.blcPort, Duration.ofSeconds(3), Duration.ofSeconds(10));
            String payout = account(blc);
            String customerPwd = RandomTokens.generate(RandomTokens.BASE62, 20);
            String customer = HexFormat.of().formatHex(RandomTokens.bytes(20));
            blc.register(customer, customerPwd);
            Miner.mine(blc, customer, 3, progress -> { });
            seller.onReceive(notification -> {
                Map<String, String> echo = new LinkedHashMap<>(notification.fields());
                echo.put("_confirm", "1");
                post(pay, echo);
            });

            Map<String, String> order = new LinkedHashMap<>();
            order.put("price", "3");
            order.put("api_key", apiKey);
            order.put("listen_url", seller.listenUrl());
            order.put("payout_addr", payout);
            HttpResponse<String> created = post(pay, order);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String address = JSON.readTree(created.body()).get("address").asText();
            String txnId = JSON.readTree(created.body()).get("txn_id").asText();
            blc.sendCoin(address, 3, customer, customerPwd);

            await().atMost(Duration.ofSeconds(30)).until(() -> blc.checkAddr(payout) == 3);
            assertThat(blc.checkAddr(address)).isZero();
            // Every complete log line is one JSON event; those naming the invoice carry its txn_id as a field.
            await().atMost(Duration.ofSeconds(10)).until(() -> pay.output().contains("6c paid " + txnId));
            List<JsonNode> aboutInvoice = new ArrayList<>();
            String output = pay.output();
            String completeLines = output.substring(0, output.lastIndexOf('\n') + 1);
            for (String line : completeLines.lines().filter(line -> line.startsWith("{")).toList()) {
                JsonNode event = JSON.readTree(line);
                String message = event.path("message").asText();
                if (message.contains(txnId) || message.contains(address)) {
                    aboutInvoice.add(event);
                }
            }
            assertThat(aboutInvoice).extracting(event -> event.path("message").asText())
                    .anyMatch(message -> message.startsWith("3a invoice "))
                    .anyMatch(message -> message.startsWith("6c paid "));
            assertThat(aboutInvoice).allSatisfy(event -> assertThat(event.path("txn_id").asText()).isEqualTo(txnId));

            PayProcess.Result demo = PayProcess.command(workDir, "demo", "--url", pay.uri("/").toString(),
                    "--blc", "127.0.0.1:" + pay.blcPort, "--data-dir", dataDir.toString());
            assertThat(demo.exitCode()).as(demo.stdout()).isZero();
            assertThat(demo.stdout()).contains("Using the Pay running at", "6b. Pay -> seller   VERIFIED", "7.  seller");

            assertThat(pay.stop()).as("exit status after SIGTERM").isIn(0, 143);
            assertThat(pay.output()).contains("shutdown");
        }
    }

    @Test
    void aTakenHttpPortStopsTheStartWithAClearMessage(@TempDir Path workDir) throws Exception {
        int port = PayProcess.freePort();
        try (PayProcess first = PayProcess.run(workDir, workDir.resolve("a"), port, PayProcess.freePort())) {
            PayProcess.Result second = PayProcess.command(workDir, "run", "--data-dir", workDir.resolve("b").toString(),
                    "--http-port", Integer.toString(port), "--blc-port", Integer.toString(PayProcess.freePort()));
            assertThat(second.exitCode()).isNotZero();
        }
    }

    private static String account(BlcClient blc) {
        String addr = HexFormat.of().formatHex(RandomTokens.bytes(20));
        blc.register(addr, RandomTokens.generate(RandomTokens.BASE62, 20));
        return addr;
    }

    private HttpResponse<String> post(PayProcess pay, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(f -> URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            return http.send(HttpRequest.newBuilder(pay.uri("/pay"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
