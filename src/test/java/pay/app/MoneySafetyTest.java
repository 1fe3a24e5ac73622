package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pay.ClosingFigures;
import pay.blc.server.BlcServer;
import pay.blc.server.BlcServerSettings;
import pay.Pay;
import pay.invoice.InvoiceState;
import picocli.CommandLine;

/** Late, partial, extra and duplicate payments, parked deliveries, refunds and outages, end to end. */
class MoneySafetyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    PayHarness pay;
    SellerServer seller = newSeller();

    private static SellerServer newSeller() {
        try {
            return new SellerServer();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        seller.close();
        if (pay != null) {
            pay.close();
        }
    }

    private JsonNode invoice(long price, String payout) throws Exception {
        HttpResponse<String> created = pay.post(pay.order(price, seller.listenUrl(), payout));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body());
    }

    @Test
    void anUnderpaymentAtExpiryIsReportedAndRefundedWhenNotConfirmedInTime() throws Exception {
        pay = new PayHarness(dataDir, Map.of("pay.invoice.expiry", "1s", "pay.refund.after", "2s"));
        JsonNode invoice = invoice(10, pay.account(0).addr());
        String txnId = invoice.get("txn_id").asText();
        PayHarness.Account customer = pay.account(4);
        pay.blc.sendCoin(invoice.get("address").asText(), 4, customer.addr(), customer.pwd());

        await().atMost(Duration.ofSeconds(30)).until(() -> seller.received().size() == 1);
        assertThat(seller.received().get(0).fields()).containsEntry("status", "underpaid").containsEntry("amount", "4");

        await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(txnId).state() == InvoiceState.REFUNDED);
        assertThat(pay.blc.checkAddr(customer.addr())).isEqualTo(4);
        assertThat(pay.blc.checkAddr(invoice.get("address").asText())).isZero();
    }

    @Test
    void anUnpaidInvoiceExpiresAndALatePaymentIsReportedAsLate() throws Exception {
        pay = new PayHarness(dataDir, Map.of("pay.invoice.expiry", "1s"));
        JsonNode invoice = invoice(2, pay.account(0).addr());
        String txnId = invoice.get("txn_id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(txnId).state() == InvoiceState.EXPIRED);

        PayHarness.Account customer = pay.account(2);
        pay.blc.sendCoin(invoice.get("address").asText(), 2, customer.addr(), customer.pwd());

        await().atMost(Duration.ofSeconds(30)).until(() -> seller.received().size() == 1);
        assertThat(seller.received().get(0).fields()).containsEntry("status", "paid_late");
    }

    @Test
    void aToleratedShortfallCountsAsPaid() throws Exception {
        pay = new PayHarness(dataDir, Map.of("pay.invoice.payment-tolerance-percent", "10"));
        JsonNode invoice = invoice(20, pay.account(0).addr());
        PayHarness.Account customer = pay.account(18);
        pay.blc.sendCoin(invoice.get("address").asText(), 18, customer.addr(), customer.pwd());

        await().atMost(Duration.ofSeconds(30)).until(() -> seller.received().size() == 1);
        assertThat(seller.received().get(0).fields()).containsEntry("status", "paid").containsEntry("amount", "18");
    }

    @Test
    void coinsArrivingAfterThePayoutAreNotifiedAndPaidOutOnConfirmation() throws Exception {
        pay = new PayHarness(dataDir);
        PayHarness.Account sellerWallet = pay.account(0);
        JsonNode invoice = invoice(5, sellerWallet.addr());
        String txnId = invoice.get("txn_id").asText();
        String address = invoice.get("address").asText();
        seller.onReceive(notification -> pay.confirm(notification.echo()));
        PayHarness.Account customer = pay.account(8);

        pay.blc.sendCoin(address, 5, customer.addr(), customer.pwd());
        await().atMost(Duration.ofSeconds(30)).until(() -> pay.blc.checkAddr(sellerWallet.addr()) == 5);
        await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(txnId).state() == InvoiceState.PAID_OUT);

        pay.blc.sendCoin(address, 3, customer.addr(), customer.pwd());
        await().atMost(Duration.ofSeconds(30)).until(() -> pay.blc.checkAddr(sellerWallet.addr()) == 8);
        assertThat(seller.received()).extracting(r -> r.fields().get("status")).containsExactly("paid", "extra_payment");
        assertThat(seller.received().get(1).fields()).containsEntry("amount", "8");
        assertThat(seller.received().get(1).fields().get("notification_id"))
                .isNotEqualTo(seller.received().get(0).fields().get("notification_id"));
        await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(txnId).paidOut() == 8);
        assertThat(pay.blc.checkAddr(address)).isZero();
    }

    @Test
    void extraCoinsFromASecondCustomerAfterThePayoutGoBackToThatCustomerWhenNotConfirmed() throws Exception {
        pay = new PayHarness(dataDir, Map.of("pay.refund.after", "1s"));
        PayHarness.Account sellerWallet = pay.account(0);
        JsonNode invoice = invoice(5, sellerWallet.addr());
        String txnId = invoice.get("txn_id").asText();
        String address = invoice.get("address").asText();
        seller.onReceive(notification -> {
            if (notification.fields().get("status").equals("paid")) {
                pay.confirm(notification.echo());
            }
        });
        PayHarness.Account first = pay.account(5);
        PayHarness.Account second = pay.account(3);

        pay.blc.sendCoin(address, 5, first.addr(), first.pwd());
        await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(txnId).state() == InvoiceState.PAID_OUT);
        pay.blc.sendCoin(address, 3, second.addr(), second.pwd());

        await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(txnId).state() == InvoiceState.REFUNDED);
        assertThat(seller.received()).extracting(r -> r.fields().get("status")).containsExactly("paid", "extra_payment");
        assertThat(pay.blc.checkAddr(second.addr())).as("the second customer, who sent the extra coins").isEqualTo(3);
        assertThat(pay.blc.checkAddr(first.addr())).as("the first customer, whose coins went to the seller").isZero();
        assertThat(pay.blc.checkAddr(sellerWallet.addr())).isEqualTo(5);
        assertThat(pay.blc.checkAddr(address)).isZero();
    }

    @Test
    void concurrentAndReplayedConfirmationsPayOutExactlyOnce() throws Exception {
        pay = new PayHarness(dataDir);
        PayHarness.Account sellerWallet = pay.account(0);
        JsonNode invoice = invoice(6, sellerWallet.addr());
        String txnId = invoice.get("txn_id").asText();
        PayHarness.Account customer = pay.account(6);
        pay.blc.sendCoin(invoice.get("address").asText(), 6, customer.addr(), customer.pwd());
        await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(txnId).state() == InvoiceState.NOTIFIED);
        Map<String, String> echo = seller.received().get(0).echo();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<String>> confirmations = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            confirmations.add(() -> pay.post(echo, "text/plain").body());
        }
        List<String> verdicts = new ArrayList<>();
        for (Future<String> verdict : pool.invokeAll(confirmations)) {
            verdicts.add(verdict.get());
        }
        pool.shutdown();

        assertThat(verdicts).containsOnly("VERIFIED");
        await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(txnId).state() == InvoiceState.PAID_OUT);
        assertThat(pay.post(echo, "text/plain").body()).isEqualTo("VERIFIED");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> pay.blc.checkAddr(sellerWallet.addr()) == 6);
        assertThat(pay.invoice(txnId).paidOut()).isEqualTo(6);
        ClosingFigures.record("ConfirmationRace", String.format("confirmation race: %d concurrent confirmations and"
                + " a replay after the payout, 1 payout of 6 coins", confirmations.size()));
    }

    @Test
    void aDeliveryThatNeverSucceedsIsParkedThenResentOrReleasedByAnAdmin() throws Exception {
        pay = new PayHarness(dataDir);
        PayHarness.Account sellerWallet = pay.account(0);
        seller.answer(500, 500, 500, 500);
        JsonNode invoice = invoice(2, sellerWallet.addr());
        String txnId = invoice.get("txn_id").asText();
        PayHarness.Account customer = pay.account(2);
        pay.blc.sendCoin(invoice.get("address").asText(), 2, customer.addr(), customer.pwd());

        await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(txnId).state() == InvoiceState.PARKED);
        assertThat(pay.invoices().attempts(txnId)).hasSize(4);

        assertThat(cli("invoices", "list", "--state", "parked").stdout()).contains(txnId, "parked 1");
        assertThat(cli("invoices", "resend", "--all-parked").stdout()).contains("1 of 1 parked invoices will be delivered again");
        await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(txnId).state() == InvoiceState.NOTIFIED);
        assertThat(seller.received()).hasSize(5);

        assertThat(cli("invoices", "release", txnId, "--payout").stdout()).contains("released for payout");
        await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(txnId).state() == InvoiceState.PAID_OUT);
        assertThat(pay.blc.checkAddr(sellerWallet.addr())).isEqualTo(2);
        assertThat(cli("invoices", "release", txnId, "--refund").stdout()).contains("Nothing to do", "paid_out");
        CliRun shown = cli("invoices", "show", txnId);
        assertThat(shown.exitCode()).isZero();
        assertThat(shown.stdout()).contains("state           paid_out", "HTTP 500", "delivered",
                "resend: moved to paid", "release-payout: moved to confirmed", "release-refund: nothing to do");
        assertThat(cli("invoices", "show", "txn_unknown").exitCode()).isNotZero();
    }

    @Test
    void aNotificationWhoseEchoNeverComesIsDeliveredAgainThenParkedAndAnEchoOfARedeliveryPaysOut() throws Exception {
        pay = new PayHarness(dataDir, Map.of("pay.notify.echo-timeout", "300ms"));
        PayHarness.Account sellerWallet = pay.account(0);
        JsonNode invoice = invoice(3, sellerWallet.addr());
        String txnId = invoice.get("txn_id").asText();
        PayHarness.Account customer = pay.account(3);
        pay.blc.sendCoin(invoice.get("address").asText(), 3, customer.addr(), customer.pwd());

        // The seller answers 200 to every delivery and its echoes are lost: 1 delivery + 3 scheduled retries.
        await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(txnId).state() == InvoiceState.PARKED);
        List<SellerServer.Received> deliveries = seller.received();
        assertThat(deliveries).hasSize(4);
        assertThat(deliveries).extracting(delivery -> delivery.fields().get("attempt")).containsExactly("1", "2", "3", "4");
        assertThat(deliveries).extracting(delivery -> delivery.fields().get("redelivery"))
                .containsExactly("false", "true", "true", "true");
        assertThat(deliveries).extracting(delivery -> delivery.fields().get("notification_id")).containsOnly(
                deliveries.get(0).fields().get("notification_id"));
        assertThat(pay.invoices().attempts(txnId)).allSatisfy(attempt -> assertThat(attempt.httpStatus()).isEqualTo(200));

        seller.onReceive(notification -> pay.confirm(notification.echo()));
        assertThat(cli("invoices", "resend", txnId).exitCode()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> pay.invoice(txnId).state() == InvoiceState.PAID_OUT);
        assertThat(seller.received()).hasSize(5);
        assertThat(pay.blc.checkAddr(sellerWallet.addr())).isEqualTo(3);
        assertThat(pay.blc.checkAddr(invoice.get("address").asText())).isZero();
    }

    record CliRun(int exitCode, String stdout) {
    }

    private CliRun cli(String... args) {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new Pay());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(new StringWriter()));
        String[] withData = Stream.concat(Arrays.stream(args),
                Stream.of("--data-dir", dataDir.toString())).toArray(String[]::new);
        int exitCode = command.execute(withData);
        return new CliRun(exitCode, out.toString());
    }

    @Test
    void theFeeGoesToTheFeeAddressAndTheRestToTheSeller() throws Exception {
        String feeAddr = "f".repeat(40);
        pay = new PayHarness(dataDir, Map.of("pay.payout.fee-percent", "10", "pay.payout.fee-addr", feeAddr));
        pay.blc.register(feeAddr, "fee-wallet-password");
        PayHarness.Account sellerWallet = pay.account(0);
        JsonNode invoice = invoice(25, sellerWallet.addr());
        seller.onReceive(notification -> pay.confirm(notification.echo()));
        PayHarness.Account customer = pay.account(25);
        pay.blc.sendCoin(invoice.get("address").asText(), 25, customer.addr(), customer.pwd());

        await().atMost(Duration.ofSeconds(30)).until(() -> pay.blc.checkAddr(sellerWallet.addr()) == 23);
        await().atMost(Duration.ofSeconds(30)).until(() -> pay.blc.checkAddr(feeAddr) == 2);
        assertThat(pay.blc.checkAddr(invoice.get("address").asText())).isZero();
    }

    @Test
    void theWatcherBacksOffWhileTheBlcServerIsDownAndResumesWhenItReturns() throws Exception {
        Path ledger = dataDir.resolve("external-blc.db");
        int blcPort = PayHarness.freePort();
        BlcServer blcServer = BlcServer.start(BlcServerSettings.embedded(ledger, 1).withPort(blcPort));
        pay = new PayHarness(dataDir, Map.of("pay.watch.outage-backoff", "500ms"), "127.0.0.1:" + blcPort);
        JsonNode invoice = invoice(3, pay.account(0).addr());
        String txnId = invoice.get("txn_id").asText();
        PayHarness.Account customer = pay.account(3);
        pay.blc.sendCoin(invoice.get("address").asText(), 3, customer.addr(), customer.pwd());
        blcServer.close();

        HttpResponse<String> refused = pay.post(pay.order(3, seller.listenUrl(), customer.addr()));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(pay.invoice(txnId).state()).isEqualTo(InvoiceState.AWAITING_PAYMENT);

        try (BlcServer restarted = BlcServer.start(BlcServerSettings.embedded(ledger, 1).withPort(blcPort))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> seller.received().size() == 1);
            assertThat(seller.received().get(0).fields()).containsEntry("txn_id", txnId).containsEntry("amount", "3");
        }
    }

}
