package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The checkout page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}
 * packages; Selenium is given both paths, so it never downloads a browser or a driver), against Pay's real
 * routes and an embedded BLC server that the customer pays over TCP. Skipped where the packages are missing.
 */
class CheckoutBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LIVE_UPDATE_BOUND = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    @TempDir
    Path browserProfile;
    PayHarness pay;
    SellerServer seller;
    WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the checkout browser test needs Debian's chromium and chromium-driver packages ("
                        + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install -y chromium chromium-driver");
        pay = new PayHarness(dataDir);
        seller = new SellerServer();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (seller != null) {
            seller.close();
        }
        if (pay != null) {
            pay.close();
        }
    }

    private WebDriver openBrowser(boolean javascript) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--user-data-dir=" + browserProfile);
        if (!javascript) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
        // A phone-sized window: the page is meant for customers paying from their phones.
        browser.manage().window().setSize(new Dimension(430, 1000));
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

    private Path screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        return Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
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
        Path awaiting = screenshot("checkout.png");
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
        assertThat(screenshot("checkout-paid.png")).isNotEqualTo(awaiting);
        assertThat(problems()).as("console errors (a CSP violation shows here)").isEmpty();
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
        screenshot("checkout-noscript.png");
    }

    /** Severe browser console entries, other than the favicon the page does not have. */
    private List<String> problems() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> !message.contains("favicon.ico"))
                .toList();
    }
}
