package pay.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class InvoiceRequestTest {
    private static final String PAYOUT = "a".repeat(40);

    private static Map<String, String> valid() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("price", "25");
        form.put("api_key", "pk_abc_def");
        form.put("listen_url", "https://shop.example/ipn?shop=1");
        form.put("payout_addr", PAYOUT);
        form.put("sell_order", "42");
        form.put("sell_note", "two words");
        return form;
    }

    @Test
    void aValidRequestKeepsItsSellFieldsInNameOrder() {
        InvoiceRequest request = InvoiceRequest.parse(valid(), InvoiceLimits.DEFAULT);

        assertThat(request.price()).isEqualTo(25);
        assertThat(request.listenUrl()).hasToString("https://shop.example/ipn?shop=1");
        assertThat(request.payoutAddr()).isEqualTo(PAYOUT);
        assertThat(request.sellFields()).containsExactly(Map.entry("sell_note", "two words"), Map.entry("sell_order", "42"));
    }

    @ParameterizedTest(name = "{0}={1} is refused with {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "price|NULL|missing_field",
            "price|''|missing_field",
            "price|0|invalid_price",
            "price|-5|invalid_price",
            "price|1.5|invalid_price",
            "price|ten|invalid_price",
            "price|1000000001|invalid_price",
            "price|99999999999999999999|invalid_price",
            "api_key|NULL|missing_field",
            "listen_url|NULL|missing_field",
            "listen_url|ftp://shop.example/ipn|invalid_listen_url",
            "listen_url|/relative/path|invalid_listen_url",
            "listen_url|http://user:pw@shop.example/|invalid_listen_url",
            "listen_url|http://exa mple.com/|invalid_listen_url",
            "payout_addr|NULL|missing_field",
            "payout_addr|short|invalid_payout_addr",
            "payout_addr|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|invalid_payout_addr",
            "payout_addr|aaaaaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaaaaaa|invalid_payout_addr",
            "sell_|x|invalid_sell_field",
            "sell_bad name|x|invalid_sell_field",
            "sell_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|x|invalid_sell_field",
            "colour|blue|unknown_field",
    })
    void everyBadFieldIsRefusedWithItsReason(String field, String value, String reason) {
        Map<String, String> form = valid();
        if (value == null) {
            form.remove(field);
        } else {
            form.put(field, value);
        }

        assertThatThrownBy(() -> InvoiceRequest.parse(form, InvoiceLimits.DEFAULT))
                .isInstanceOfSatisfying(PayRejection.class, rejection -> {
                    assertThat(rejection.reason()).isEqualTo(reason);
                    assertThat(rejection.httpStatus()).isEqualTo(400);
                });
    }

    @Test
    void sellFieldValuesAndCountAreBounded() {
        Map<String, String> longValue = valid();
        longValue.put("sell_note", "x".repeat(501));
        assertThatThrownBy(() -> InvoiceRequest.parse(longValue, InvoiceLimits.DEFAULT))
                .hasFieldOrPropertyWithValue("reason", "invalid_sell_field");

        Map<String, String> tooMany = valid();
        for (int i = 0; i < 50; i++) {
            tooMany.put("sell_f" + i, "v");
        }
        assertThatThrownBy(() -> InvoiceRequest.parse(tooMany, InvoiceLimits.DEFAULT))
                .hasFieldOrPropertyWithValue("reason", "too_many_sell_fields");
    }
}
