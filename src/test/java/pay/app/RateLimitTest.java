package pay.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pay.keys.ApiKeyStore;

class RateLimitTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LISTEN_URL = "http://127.0.0.1:9/ipn";
    private static final String PAYOUT = "p".repeat(40);

    @Test
    void aKeyOverItsLimitGets429WithRetryAfterAndStoresNothingWhileOtherKeysGoOn(@TempDir Path dataDir) throws Exception {
        try (PayHarness pay = new PayHarness(dataDir,
                Map.of("pay.invoice.rate-limit", "2/1h", "pay.invoice.rate-limit-burst", "2"))) {
            assertThat(pay.post(pay.order(5, LISTEN_URL, PAYOUT)).statusCode()).isEqualTo(201);
            assertThat(pay.post(pay.order(5, LISTEN_URL, PAYOUT)).statusCode()).isEqualTo(201);

            HttpResponse<String> limited = pay.post(pay.order(5, LISTEN_URL, PAYOUT));

            assertThat(limited.statusCode()).isEqualTo(429);
            // two invoices an hour: one comes back every 30 minutes
            assertThat(limited.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
                    seconds -> assertThat(seconds).isBetween(1L, 1800L));
            JsonNode error = JSON.readTree(limited.body());
            assertThat(error.get("error").asText()).isEqualTo("rate_limited");
            assertThat(limited.body()).doesNotContain(pay.apiKey);
            assertThat(pay.invoiceCount()).isEqualTo(2);

            String otherKey = new ApiKeyStore(pay.dataSource(), Clock.systemUTC()).create("other@example.com", null).secretKey();
            Map<String, String> otherOrder = pay.order(5, LISTEN_URL, PAYOUT);
            otherOrder.put("api_key", otherKey);
            assertThat(pay.post(otherOrder).statusCode()).isEqualTo(201);

            Map<String, String> unknownKey = pay.order(5, LISTEN_URL, PAYOUT);
            // The limited key's id with one secret character changed: the id's bucket is empty, the key unknown.
            char last = pay.apiKey.charAt(pay.apiKey.length() - 1);
            unknownKey.put("api_key", pay.apiKey.substring(0, pay.apiKey.length() - 1) + (last == 'a' ? 'b' : 'a'));
            assertThat(pay.post(unknownKey).statusCode()).as("the key is checked before the limit").isEqualTo(401);
            assertThat(pay.invoiceCount()).isEqualTo(3);
        }
    }
}
