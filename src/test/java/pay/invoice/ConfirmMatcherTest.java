package pay.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfirmMatcherTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String CUSTOMER = "c".repeat(40);

    private static Invoice paidInvoice() {
        Map<String, String> sell = new LinkedHashMap<>();
        sell.put("sell_order", "42");
        sell.put("sell_note", "ünïcode & spaces");
        return new Invoice("txn_1", "key1", "PAY-" + "X".repeat(36), 10, "http://shop/ipn", "s".repeat(40), sell,
                InvoiceState.NOTIFIED, PaymentStatus.PAID, "ntf_1", 10, List.of(CUSTOMER), 10, NOW,
                NOW.plusSeconds(900), NOW, 1, 0, 0, 3);
    }

    private static Map<String, String> echoOf(Invoice invoice) {
        Map<String, String> echo = new LinkedHashMap<>(Notification.of(invoice, 2, "dlv_2").payload());
        echo.put("attempt", "2");
        echo.put("delivery_id", "dlv_2");
        echo.put("redelivery", "true");
        echo.put("_confirm", "yes");
        return echo;
    }

    @Test
    void anExactEchoMatchesWhateverTheFieldOrder() {
        Map<String, String> reversed = new LinkedHashMap<>();
        List<Map.Entry<String, String>> entries = List.copyOf(echoOf(paidInvoice()).entrySet());
        for (int i = entries.size() - 1; i >= 0; i--) {
            reversed.put(entries.get(i).getKey(), entries.get(i).getValue());
        }
        assertThat(ConfirmMatcher.matches(paidInvoice(), reversed)).isTrue();
    }

    @Test
    void aChangedMissingOrExtraFieldDoesNotMatch() {
        Invoice invoice = paidInvoice();
        for (String field : List.of("amount", "from", "txn_id", "status", "notification_id", "sell_order", "sell_note")) {
            Map<String, String> changed = echoOf(invoice);
            changed.put(field, changed.get(field) + "x");
            assertThat(ConfirmMatcher.matches(invoice, changed)).as("changed " + field).isFalse();

            Map<String, String> missing = echoOf(invoice);
            missing.remove(field);
            assertThat(ConfirmMatcher.matches(invoice, missing)).as("missing " + field).isFalse();
        }
        Map<String, String> extra = echoOf(invoice);
        extra.put("sell_bonus", "1");
        assertThat(ConfirmMatcher.matches(invoice, extra)).isFalse();
    }

    @Test
    void anUnpaidInvoiceNeverMatches() {
        Invoice unpaid = new Invoice("txn_1", "key1", "PAY-" + "X".repeat(36), 10, "http://shop/ipn", "s".repeat(40),
                Map.of(), InvoiceState.AWAITING_PAYMENT, null, null, 0, List.of(), 0, NOW, NOW, null, 0, 0, 0, 0);
        Map<String, String> echo = new LinkedHashMap<>();
        echo.put("txn_id", "txn_1");
        echo.put("_confirm", "1");
        assertThat(ConfirmMatcher.matches(unpaid, echo)).isFalse();
    }
}
