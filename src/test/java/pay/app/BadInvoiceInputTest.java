package pay.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Step 2 refuses bad input with a status and a reason, and stores nothing: one Pay serves every case. */
class BadInvoiceInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAYOUT = "b".repeat(40);
    @TempDir
    static Path dataDir;
    static PayHarness pay;

    @BeforeAll
    static void start() throws Exception {
        pay = new PayHarness(dataDir);
    }

    @AfterAll
    static void stop() {
        pay.close();
    }

    @ParameterizedTest(name = "{0}={1} -> {2} {3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "price|NULL|400|missing_field",
            "price|abc|400|invalid_price",
            "price|0|400|invalid_price",
            "api_key|NULL|400|missing_field",
            "api_key|pk_nope_nope|401|unknown_api_key",
            "listen_url|NULL|400|missing_field",
            "listen_url|gopher://x/|400|invalid_listen_url",
            "payout_addr|NULL|400|missing_field",
            "payout_addr|tooshort|400|invalid_payout_addr",
            "sell_x y|1|400|invalid_sell_field",
            "surprise|1|400|unknown_field",
    })
    void badInputIsRefusedWithAReasonAndStoresNothing(String field, String value, int status, String reason)
            throws Exception {
        Map<String, String> order = pay.order(5, "http://127.0.0.1:9/ipn", PAYOUT);
        if (value == null) {
            order.remove(field);
        } else {
            order.put(field, value);
        }

        HttpResponse<String> reply = pay.post(order);

        assertThat(reply.statusCode()).isEqualTo(status);
        assertThat(JSON.readTree(reply.body()).get("error").asText()).isEqualTo(reason);
        assertThat(reply.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(reply.body()).doesNotContain(pay.apiKey);
        assertThat(pay.invoiceCount()).isZero();
    }

}
