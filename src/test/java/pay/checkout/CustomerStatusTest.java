package pay.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pay.invoice.Invoice;
import pay.invoice.InvoiceState;
import pay.invoice.PaymentStatus;

class CustomerStatusTest {

    private static Invoice invoice(InvoiceState state, PaymentStatus status, long received) {
        Instant created = Instant.parse("2026-12-03T16:00:00Z");
        return new Invoice("txn_test", "key", "PAY-ZHAT9TTUA6H69D34D6NTF08FRCTFW7W0AEHK", 10,
                "https://shop.example/ipn", "b".repeat(40), Map.of("sell_cost", "secret"), state, status,
                status == null ? null : "ntf_1", received, received == 0 ? List.of() : List.of("c".repeat(40)), received,
                created, created.plusSeconds(900), null, 0, 0, 0, 0);
    }

    @ParameterizedTest(name = "{0}/{1} with {2} BLC reads {3}")
    @CsvSource(nullValues = "-", value = {
            "AWAITING_PAYMENT, -, 0, awaiting, Awaiting payment, true, false",
            "AWAITING_PAYMENT, -, 4, awaiting, Partly paid, true, false",
            "EXPIRED, -, 0, expired, Expired, false, false",
            "PAID, PAID, 10, paid, Paid, false, false",
            "NOTIFIED, OVERPAID, 12, paid, Paid, false, false",
            "PARKED, PAID, 10, paid, Paid, false, false",
            "PAID, UNDERPAID, 4, underpaid, Underpaid, false, false",
            "NOTIFIED, PAID_LATE, 10, paid_late, Paid after expiry, false, false",
            "PAID, EXTRA_PAYMENT, 13, extra_payment, Extra coins received, false, false",
            "CONFIRMED, PAID, 10, confirmed, Confirmed, false, false",
            "PAYING_OUT, PAID, 10, confirmed, Confirmed, false, false",
            "PAID_OUT, PAID, 10, paid_out, Paid out, false, true",
            "REFUNDING, UNDERPAID, 4, refunding, Refunding, false, false",
            "REFUNDED, UNDERPAID, 4, refunded, Refunded, false, true"})
    void eachStateReadsInTheCustomersWords(InvoiceState state, PaymentStatus status, long received, String key,
                                           String headline, boolean payable, boolean settled) {
        CustomerStatus customer = CustomerStatus.of(invoice(state, status, received));

        assertThat(customer.key()).isEqualTo(key);
        assertThat(customer.headline()).isEqualTo(headline);
        assertThat(customer.payable()).isEqualTo(payable);
        assertThat(customer.settled()).isEqualTo(settled);
        assertThat(customer.detail()).isNotBlank().doesNotContain("secret", "shop.example", "parked", "notified");
    }

    @Test
    void aPartPaymentSaysWhatIsMissing() {
        assertThat(CustomerStatus.of(invoice(InvoiceState.AWAITING_PAYMENT, null, 4)).detail())
                .isEqualTo("4 of 10 BLC received: send the remaining 6 BLC to the same address.");
    }

    @Test
    void anInvoiceStillRegisteringIsNeverShown() {
        assertThatThrownBy(() -> CustomerStatus.of(invoice(InvoiceState.REGISTERING, null, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
