package pay.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlcOutageTest {

    @Test
    void invoiceCreationAnswers503WithRetryAfterAndStoresNothingWhenTheBlcServerIsDown(@TempDir Path dataDir)
            throws Exception {
        String nobodyListens = "127.0.0.1:" + PayHarness.freePort();
        try (PayHarness pay = new PayHarness(dataDir, Map.of(), nobodyListens)) {
            HttpResponse<String> reply = pay.post(pay.order(5, "http://127.0.0.1:9/ipn", "b".repeat(40)));

            assertThat(reply.statusCode()).isEqualTo(503);
            assertThat(reply.headers().firstValue("Retry-After")).contains("30");
            assertThat(new ObjectMapper().readTree(reply.body()).get("error").asText()).isEqualTo("blc_unavailable");
            assertThat(pay.invoiceCount()).isZero();
        }
    }
}
