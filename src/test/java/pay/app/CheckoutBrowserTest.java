package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The checkout page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}
 * packages; Selenium is given both paths, so it never downloads a browser or a driver), against Pay's real
 * routes and an embedded BLC server that the customer pays over TCP. Skipped where the packages are missing.
 */
class CheckoutBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LIVE_UPDATE_BOUND = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    @TempDir
    Path browserProfile;
    PayHarness pay;
    SellerServer seller;
    HeadlessChromium chromium;
    WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(HeadlessChromium.available(), HeadlessChromium.MISSING);
        pay = new PayHarness(dataDir);
        seller = new SellerServer();
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (seller != null) {
            seller.close();
        }
        if (pay != null) {
            pay.close();
        }
    }

    private WebDriver openBrowser(boolean javascript) {
        chromium = new HeadlessChromium(browserProfile, javascript);
        browser = chromium.driver();
        return browser;
    }

    private JsonNode createInvoice(long price) throws Exception {
        Map<String, String> order = pay.order(price, seller.listenUrl(), pay.account(0).addr());
        order.put("sell_order", "book-42");
        HttpResponse<String> created = pay.post(order);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body());
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    @Test
    void theStatusTurnsToPaidLiveWhenTheCustomerPaysWithoutReloadingThePage() throws Exception {
        JsonNode invoice = createInvoice(5);
        String address = invoice.get("address").asText();
        PayHarness.Account customer = pay.account(5);
        openBrowser(true);

        browser.get(invoice.get("checkout_url").asText());

        assertThat(browser.getTitle()).isEqualTo("Pay 5 BLC · Awaiting payment");
        assertThat(text("status-headline")).isEqualTo("Awaiting payment");
        assertThat(text("price")).isEqualTo("5");
        assertThat(text("received")).isEqualTo("0");
        assertThat(text("address")).isEqualTo(address);
        assertThat(browser.findElement(By.cssSelector(".qr svg")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("copy")).isDisplayed()).isTrue();
        new WebDriverWait(browser, Duration.ofSeconds(5))
                .until(ExpectedConditions.textMatches(By.id("countdown"), Pattern.compile("1[45]:\\d\\d left")));
        Path awaiting = chromium.screenshot("checkout.png");
        ((JavascriptExecutor) browser).executeScript("window.sameDocument = true;");

        pay.blc.sendCoin(address, 5, customer.addr(), customer.pwd());

        new WebDriverWait(browser, LIVE_UPDATE_BOUND)
                .until(ExpectedConditions.textToBe(By.id("status-headline"), "Paid"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument === true;"))
                .as("the status changed in the same document, without a reload").isEqualTo(true);
        assertThat(text("received")).isEqualTo("5");
        assertThat(text("status-detail")).isEqualTo("5 BLC received. Waiting for the seller to confirm.");
        assertThat(browser.findElement(By.id("copy")).isDisplayed()).as("no second payment invited").isFalse();
        assertThat(browser.findElement(By.id("countdown")).isDisplayed()).isFalse();
        assertThat(chromium.screenshot("checkout-paid.png")).isNotEqualTo(awaiting);
        assertThat(chromium.problems()).as("console errors (a CSP violation shows here)").isEmpty();
    }

    @Test
    void withoutJavascriptThePageStillShowsPriceAddressQrCodeExpiryAndStatus() throws Exception {
        JsonNode invoice = createInvoice(8);
        openBrowser(false);

        browser.get(invoice.get("checkout_url").asText());

        assertThat(text("status-headline")).isEqualTo("Awaiting payment");
        assertThat(text("price")).isEqualTo("8");
        assertThat(text("address")).isEqualTo(invoice.get("address").asText());
        assertThat(browser.findElement(By.cssSelector(".qr svg")).isDisplayed()).isTrue();
        WebElement expiry = browser.findElement(By.id("expires-at"));
        assertThat(expiry.getAttribute("datetime")).isEqualTo(invoice.get("expires_at").asText());
        assertThat(expiry.getText()).matches("\\d\\d:\\d\\d:\\d\\d UTC, \\d{1,2} \\w{3} \\d{4}");
        assertThat(browser.findElement(By.id("copy")).isDisplayed()).as("copying needs script").isFalse();
        assertThat(browser.findElement(By.linkText("Refresh the status")).isDisplayed()).isTrue();
        chromium.screenshot("checkout-noscript.png");
    }
}
