package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pay.blc.server.BlcServer;
import pay.blc.server.BlcServerSettings;
import pay.invoice.InvoiceState;

/**
 * A whole invoice (created, paid, notified twice after a 500, confirmed, its payout failed while the BLC server
 * was down and then done, resent from the seller page) beside another one and a few requests about none, with
 * every log event captured: each line about the invoice carries its txn_id as the MDC key {@code txn_id},
 * whichever thread wrote it (HTTP workers, the watcher's pool, the work queue's consumers), and both layouts show
 * it (text: {@code txn=…}; JSON: the field {@code txn_id}); a line about another invoice or about none carries
 * that one or none.
 */
class TxnIdInLogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TXN_ID = "txn_id";

    @TempDir
    Path dataDir;

    @Test
    void everyLineAboutAnInvoiceCarriesItsTxnIdFromCreationToPayout() throws Exception {
        BlcServerSettings blcSettings = new BlcServerSettings("127.0.0.1", PayHarness.freePort(),
                dataDir.resolve("blc-ledger.db"), 1, BlcServerSettings.DEFAULT_IDLE_TIMEOUT);
        BlcServer[] blc = {BlcServer.start(blcSettings)};
        try (CapturedOutput output = new CapturedOutput();
             PayHarness pay = new PayHarness(dataDir.resolve("pay"), Map.of(), "127.0.0.1:" + blcSettings.port());
             SellerServer seller = new SellerServer()) {
            PayHarness.Account sellerWallet = pay.account(0);
            PayHarness.Account customer = pay.account(7);
            JsonNode paid = JSON.readTree(pay.post(pay.order(7, seller.listenUrl(), sellerWallet.addr())).body());
            JsonNode unpaid = JSON.readTree(pay.post(pay.order(9, seller.listenUrl(), sellerWallet.addr())).body());
            String txnId = paid.get(TXN_ID).asText();
            String address = paid.get("address").asText();

            // The first delivery is answered 500, so the second comes from the pending-work tick, not the watcher.
            // The seller echoes only that one, after the BLC server went down: the payout fails until it is back.
            seller.answer(500);
            Map<String, String> verdicts = new LinkedHashMap<>();
            seller.onReceive(received -> {
                if (!received.fields().get("attempt").equals("2")) {
                    return;
                }
                blc[0].close();
                verdicts.put(received.fields().get("attempt"), pay.confirm(received.echo()));
            });
            pay.blc.sendCoin(address, 7, customer.addr(), customer.pwd());
            await().atMost(Duration.ofSeconds(30)).until(() -> output.logged("6c pay " + txnId + " failed"));
            blc[0] = BlcServer.start(blcSettings);
            await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(txnId).state() == InvoiceState.PAID_OUT);
            assertThat(verdicts).containsExactly(Map.entry("2", "VERIFIED"));

            SellerPagesClient browser = new SellerPagesClient(pay);
            assertThat(browser.resend(pay.apiKey, txnId).statusCode()).isEqualTo(200);
            assertThat(browser.signUp("other-seller@example.com", "", "").statusCode()).isEqualTo(200);
            assertThat(pay.post(Map.of("_confirm", "1", TXN_ID, "txn_nosuchinvoice"), "text/plain").body())
                    .isEqualTo("INVALID");

            List<LogEvent> events = output.events();
            List<LogEvent> aboutPaid = mentioning(events, txnId, address);
            assertThat(aboutPaid).as("lines naming the invoice or its deposit address")
                    .allSatisfy(event -> assertThat(txnIdOf(event)).as(message(event)).isEqualTo(txnId));
            assertThat(messages(aboutPaid)).as("a line from each stage").anyMatch(m -> m.startsWith("3a invoice "))
                    .anyMatch(m -> m.startsWith("5 invoice "))
                    .anyMatch(m -> m.startsWith("6 notify " + txnId + " attempt 1: HTTP 500"))
                    .anyMatch(m -> m.startsWith("6 notify " + txnId + " attempt 2: HTTP 200"))
                    .anyMatch(m -> m.startsWith("6b confirm "))
                    .anyMatch(m -> m.startsWith("6c pay " + txnId + " failed"))
                    .anyMatch(m -> m.startsWith("6c paid "))
                    .anyMatch(m -> m.startsWith("seller resend "));
            Set<String> threads = aboutPaid.stream().map(LogEvent::getThreadName).collect(Collectors.toSet());
            assertThat(threads).as("threads that wrote about the invoice").hasSizeGreaterThanOrEqualTo(3);

            String unpaidTxnId = unpaid.get(TXN_ID).asText();
            assertThat(mentioning(events, unpaidTxnId, unpaid.get("address").asText())).isNotEmpty()
                    .allSatisfy(event -> assertThat(txnIdOf(event)).as(message(event)).isEqualTo(unpaidTxnId));
            LogEvent signup = only(events, "signup: key ");
            assertThat(List.of(signup, only(events, "6b confirm txn_nosuchinvoice")))
                    .as("lines about no invoice Pay knows")
                    .allSatisfy(event -> assertThat(txnIdOf(event)).as(message(event)).isNull());

            Configuration logging = ((LoggerContext) LogManager.getContext(false)).getConfiguration();
            Layout<?> text = logging.getAppender("text").getLayout();
            Layout<?> json = logging.getAppender("json").getLayout();
            assertThat(aboutPaid).allSatisfy(event -> {
                assertThat(text.toSerializable(event).toString()).contains(" txn=" + txnId + " ");
                assertThat(JSON.readTree(json.toSerializable(event).toString()).path(TXN_ID).asText()).isEqualTo(txnId);
            });
            assertThat(text.toSerializable(signup).toString()).doesNotContain("txn=");
            assertThat(JSON.readTree(json.toSerializable(signup).toString()).has(TXN_ID)).isFalse();
        } finally {
            blc[0].close();
        }
    }

    /** Pay's lines that name one of these; the BLC server's own request lines know addresses, not invoices. */
    private static List<LogEvent> mentioning(List<LogEvent> events, String... texts) {
        return events.stream()
                .filter(event -> !event.getLoggerName().startsWith("pay.blc.server"))
                .filter(event -> List.of(texts).stream().anyMatch(message(event)::contains))
                .toList();
    }

    private static LogEvent only(List<LogEvent> events, String messageStart) {
        List<LogEvent> found = events.stream().filter(event -> message(event).startsWith(messageStart)).toList();
        assertThat(found).as("lines starting with " + messageStart).hasSize(1);
        return found.get(0);
    }

    private static String txnIdOf(LogEvent event) {
        return event.getContextData().getValue(TXN_ID);
    }

    private static String message(LogEvent event) {
        return event.getMessage().getFormattedMessage();
    }

    private static List<String> messages(List<LogEvent> events) {
        return events.stream().map(TxnIdInLogsTest::message).toList();
    }
}
