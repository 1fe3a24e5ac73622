package pay.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-address limit of sign-ups and recoveries, configured tiny, over real HTTP. */
class SignupRateLimitHttpTest {
    @TempDir
    Path dataDir;
    PayHarness pay;
    SellerPagesClient browser;

    @BeforeEach
    void start() throws Exception {
        pay = new PayHarness(dataDir, Map.of("pay.signup.rate-limit", "3/1h", "pay.signup.rate-limit-burst", "3"));
        browser = new SellerPagesClient(pay);
    }

    @AfterEach
    void stop() {
        pay.close();
    }

    @Test
    void anAddressGetsA429PageWithRetryAfterOnceItsSignUpsAndRecoveriesExceedTheLimit() throws Exception {
        assertThat(browser.signUp("one@example.com", "", "").statusCode()).isEqualTo(200);
        assertThat(browser.signUp("not an email", "", "").statusCode()).isEqualTo(400);
        assertThat(browser.recover("one@example.com", "no such password").statusCode()).isEqualTo(401);

        HttpResponse<String> signUp = browser.signUp("two@example.com", "", "");
        HttpResponse<String> recovery = browser.recover("one@example.com", "no such password");

        assertThat(signUp.statusCode()).isEqualTo(429);
        // 3 per hour: the next token comes 20 minutes after the first was taken
        assertThat(signUp.headers().firstValue("Retry-After")).get().extracting(Long::parseLong)
                .satisfies(seconds -> assertThat(seconds).isBetween(1L, 1200L));
        assertThat(SellerPagesClient.elementText(signUp.body(), "signup-error"))
                .startsWith("Too many sign-ups and key recoveries from your address");
        assertThat(SellerPagesClient.refusalReason(signUp.body())).isEqualTo("rate_limited");
        assertThat(signUp.body()).doesNotContain("id=\"api-key\"");
        assertThat(recovery.statusCode()).isEqualTo(429);
        assertThat(SellerPagesClient.elementText(recovery.body(), "recover-error")).startsWith("Too many");
        assertThat(browser.get("/signup").statusCode()).isEqualTo(200);
    }
}
