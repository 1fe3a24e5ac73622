package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sign-up and seller pages in a real headless Chromium, against Pay's real routes: a seller signs up, takes
 * the key the page shows, and finds the invoice made with it on the seller page. Skipped where the packages are
 * missing.
 */
class SellerPagesBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PAGE_BOUND = Duration.ofSeconds(15);

    @TempDir
    Path dataDir;
    @TempDir
    Path browserProfile;
    PayHarness pay;
    HeadlessChromium chromium;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(HeadlessChromium.available(), HeadlessChromium.MISSING);
        pay = new PayHarness(dataDir);
        chromium = new HeadlessChromium(browserProfile, true);
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (pay != null) {
            pay.close();
        }
    }

    @Test
    void aSellerSignsUpInTheBrowserAndFindsItsInvoiceOnTheSellerPage() throws Exception {
        WebDriver browser = chromium.driver();
        browser.get(pay.uri("/signup").toString());
        browser.findElement(By.id("signup-email")).sendKeys("browser@example.com");
        browser.findElement(By.id("signup-password")).sendKeys("a good password");
        browser.findElement(By.id("signup-password-again")).sendKeys("a good password");
        chromium.screenshot("signup.png");

        browser.findElement(By.cssSelector("form[action='/signup'] button")).click();
        String apiKey = new WebDriverWait(browser, PAGE_BOUND)
                .until(ExpectedConditions.presenceOfElementLocated(By.id("api-key"))).getText();
        chromium.screenshot("signup-key.png");

        assertThat(apiKey).matches("pk_[0-9a-z]{8}_[0-9A-Za-z]{32}");
        Map<String, String> order = pay.order(3, "http://127.0.0.1:9/ipn", "p".repeat(40));
        order.put("api_key", apiKey);
        order.put("sell_order", "<b>book-42</b>");
        String txnId = JSON.readTree(pay.post(order).body()).get("txn_id").asText();

        browser.get(pay.uri("/seller").toString());
        browser.findElement(By.id("api-key")).sendKeys(apiKey);
        browser.findElement(By.cssSelector("form[action='/seller'] button")).click();
        String invoice = new WebDriverWait(browser, PAGE_BOUND)
                .until(ExpectedConditions.presenceOfElementLocated(By.id(txnId))).getText();
        chromium.screenshot("seller-page.png");

        assertThat(invoice).contains(txnId, "awaiting_payment", "3 BLC", "sell_order", "<b>book-42</b>");
        assertThat(browser.getCurrentUrl()).isEqualTo(pay.uri("/seller").toString()).doesNotContain(apiKey);
        assertThat(chromium.problems()).as("console errors (a CSP violation shows here)").isEmpty();
    }
}
