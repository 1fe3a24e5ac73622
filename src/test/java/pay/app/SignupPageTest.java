package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static pay.app.SellerPagesClient.elementText;
import static pay.app.SellerPagesClient.occurrences;
import static pay.app.SellerPagesClient.refusalReason;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pay.crypto.MasterSecret;
import pay.crypto.NotificationSignature;
import pay.keys.ApiKey;
import pay.keys.ApiKeyStore;

/** The sign-up page over real HTTP, against Pay with its real routes and a SQLite file. */
class SignupPageTest {
    private static final String LISTEN_URL = "http://127.0.0.1:9/ipn";
    private static final String PAYOUT = "p".repeat(40);

    @TempDir
    static Path dataDir;
    static PayHarness pay;
    static SellerPagesClient browser;

    @BeforeAll
    static void start() throws Exception {
        // Many sign-ups from one address in these tests: the limit itself is tested in SignupRateLimitHttpTest.
        pay = new PayHarness(dataDir, Map.of("pay.signup.rate-limit", "1000/1m", "pay.signup.rate-limit-burst", "1000"));
        browser = new SellerPagesClient(pay);
    }

    @AfterAll
    static void stop() {
        pay.close();
    }

    @Test
    void theSignUpPageIsAStrictUncachedFormThatEchoesNoRequestHeader() throws Exception {
        HttpResponse<String> page = browser.get("/signup");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
                .startsWith("default-src 'none'; style-src 'sha256-").contains("form-action 'self'")
                .doesNotContain("script-src");
        assertThat(page.headers().map()).doesNotContainKey(SellerPagesClient.PROBE_HEADER.toLowerCase());
        assertThat(page.body()).contains("<form method=\"post\" action=\"/signup\">",
                "<form method=\"post\" action=\"/signup/recover\">", "name=\"recovery_password_again\"",
                "name=\"viewport\"").doesNotContain("<script", "http://", "https://");
    }

    @Test
    void aSignUpShowsItsKeyAndSigningSecretOnceAndTheKeyCreatesInvoices() throws Exception {
        HttpResponse<String> page;
        try (CapturedOutput logs = new CapturedOutput()) {
            page = browser.signUp("shop@example.com", "", "");

            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            String apiKey = elementText(page.body(), "api-key");
            String signingSecret = elementText(page.body(), "signing-secret");
            String keyId = apiKey.substring(3, 3 + ApiKeyStore.ID_LENGTH);
            assertThat(occurrences(page.body(), apiKey)).isOne();
            assertThat(occurrences(page.body(), signingSecret)).isOne();
            assertThat(signingSecret).isEqualTo(
                    NotificationSignature.secretFor(MasterSecret.load(dataDir, System.getenv()), keyId));
            assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(page.headers().map().toString()).doesNotContain(apiKey, signingSecret, "shop@example.com",
                    SellerPagesClient.PROBE_VALUE);

            HttpResponse<String> invoice = pay.post(withKey(apiKey));
            assertThat(invoice.statusCode()).as(invoice.body()).isEqualTo(201);
            assertThat(new ApiKeyStore(pay.dataSource(), Clock.systemUTC()).find(keyId)).get()
                    .extracting(ApiKey::email).isEqualTo("shop@example.com");

            assertThat(browser.get("/signup").body()).doesNotContain(apiKey, signingSecret);
            assertThat(logs.lines()).anyMatch(line -> line.contains("key " + keyId + " issued"));
            assertThat(logs.lines()).noneMatch(line -> line.contains(apiKey) || line.contains(signingSecret));
        }
    }

    @Test
    void aRecoveryWithTheRightPasswordGivesANewWorkingKeyAndRevokesTheOldOne() throws Exception {
        String oldKey = elementText(browser.signUp("lost@example.com", "correct horse", "correct horse").body(), "api-key");
        assertThat(pay.post(withKey(oldKey)).statusCode()).isEqualTo(201);

        HttpResponse<String> page;
        try (CapturedOutput logs = new CapturedOutput()) {
            page = browser.recover("  Lost@Example.com ", "correct horse");

            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            String newKey = elementText(page.body(), "api-key");
            assertThat(newKey).startsWith("pk_").isNotEqualTo(oldKey);
            assertThat(page.body()).contains("Your new API key", "Every earlier key of lost@example.com is revoked");
            assertThat(occurrences(page.body(), newKey)).isOne();
            assertThat(pay.post(withKey(newKey)).statusCode()).isEqualTo(201);
            assertThat(pay.post(withKey(oldKey)).statusCode()).isEqualTo(401);
            assertThat(logs.lines()).noneMatch(line -> line.contains(newKey) || line.contains("correct horse"));
        }
    }

    @Test
    void aWrongRecoveryIsRefusedAlikeForUnknownEmailsAndWrongPasswords() throws Exception {
        String key = elementText(browser.signUp("known@example.com", "the right one", "the right one").body(), "api-key");

        HttpResponse<String> wrongPassword = browser.recover("known@example.com", "the wrong one");
        HttpResponse<String> unknownEmail = browser.recover("nobody@example.com", "the wrong one");

        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(unknownEmail.statusCode()).isEqualTo(401);
        assertThat(elementText(wrongPassword.body(), "recover-error")).startsWith("No key can be recovered")
                .isEqualTo(elementText(unknownEmail.body(), "recover-error"));
        assertThat(refusalReason(wrongPassword.body())).isEqualTo(refusalReason(unknownEmail.body()))
                .isEqualTo("wrong_recovery_credentials");
        assertThat(wrongPassword.body()).doesNotContain("id=\"api-key\"");
        assertThat(pay.post(withKey(key)).statusCode()).isEqualTo(201);
    }

    @Test
    void aKeyWithoutRecoveryPasswordCannotBeRecovered() throws Exception {
        String key = elementText(browser.signUp("nopassword@example.com", "", "").body(), "api-key");

        assertThat(browser.recover("nopassword@example.com", "").statusCode()).isEqualTo(400);
        assertThat(browser.recover("nopassword@example.com", "anything at all").statusCode()).isEqualTo(401);
        assertThat(pay.post(withKey(key)).statusCode()).isEqualTo(201);
    }

    @Test
    void badSignUpsAreExplainedAtTheFormAndStoreNothing() throws Exception {
        int keysBefore = new ApiKeyStore(pay.dataSource(), Clock.systemUTC()).list().size();

        HttpResponse<String> badEmail = browser.signUp("not-an-email", "", "");
        HttpResponse<String> differentPasswords = browser.signUp("a@example.com", "password one", "password two");
        HttpResponse<String> shortPassword = browser.signUp("a@example.com", "short", "short");

        assertThat(badEmail.statusCode()).isEqualTo(400);
        assertThat(elementText(badEmail.body(), "signup-error")).isEqualTo("Not a plausible email address: not-an-email");
        assertThat(refusalReason(badEmail.body())).isEqualTo("invalid_signup");
        assertThat(badEmail.body()).contains("value=\"not-an-email\"");
        assertThat(differentPasswords.statusCode()).isEqualTo(400);
        assertThat(elementText(differentPasswords.body(), "signup-error")).startsWith("The two recovery passwords differ");
        assertThat(refusalReason(differentPasswords.body())).isEqualTo("recovery_passwords_differ");
        assertThat(shortPassword.statusCode()).isEqualTo(400);
        assertThat(elementText(shortPassword.body(), "signup-error")).contains("at least 8 characters");
        assertThat(shortPassword.body()).doesNotContain("short\"");
        assertThat(new ApiKeyStore(pay.dataSource(), Clock.systemUTC()).list()).hasSize(keysBefore);
    }

    @Test
    void aHostileEmailIsShownEscaped() throws Exception {
        String hostile = "<script>alert(1)</script>\"'@example.com";

        HttpResponse<String> page = browser.signUp(hostile, "", "");
        HttpResponse<String> refused = browser.recover(hostile, "whatever it is");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("<script", "</script>\"'")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;");
        assertThat(refused.body()).doesNotContain("<script").contains("value=\"&lt;script&gt;");
    }

    private static Map<String, String> withKey(String apiKey) {
        Map<String, String> order = pay.order(5, LISTEN_URL, PAYOUT);
        order.put("api_key", apiKey);
        return order;
    }
}
