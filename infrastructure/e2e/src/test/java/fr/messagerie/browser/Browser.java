package fr.messagerie.browser;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real browser for the tests: Debian's headless Chromium driven by its own chromedriver ({@link Chromium}: no test
 * tool may fetch a browser). One per test class, registered as an extension:
 * <pre>
 * &#64;RegisterExtension final Browser browser = Browser.withJavaScript();
 * </pre>
 * Each browser has a fresh profile and its own download folder; when a test fails, a screenshot and the page's
 * HTML are kept under {@code target/browser-failures/}.
 */
public final class Browser implements BeforeAllCallback, AfterAllCallback, TestWatcher {

    private static final Path FAILURES = Path.of("target", "browser-failures");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final boolean javascript;
    private Chromium chromium;
    private ChromeDriver driver;

    private Browser(boolean javascript) {
        this.javascript = javascript;
    }

    public static Browser withJavaScript() {
        return new Browser(true);
    }

    /** JavaScript disabled in the browser's settings, as a company's hardened workstation may have it. */
    public static Browser withoutJavaScript() {
        return new Browser(false);
    }

    public boolean javascript() {
        return javascript;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        chromium = Chromium.start(javascript);
        driver = chromium.driver();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (driver == null) {
            return;
        }
        try {
            Files.createDirectories(FAILURES);
            String name = context.getRequiredTestClass().getSimpleName() + "-"
                    + context.getRequiredTestMethod().getName();
            Files.write(FAILURES.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            Files.writeString(FAILURES.resolve(name + ".html"), driver.getCurrentUrl() + "\n" + driver.getPageSource());
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public WebElement find(By by) {
        return driver.findElement(by);
    }

    /** Clicks the button or link with exactly this visible text and waits for the next page to load. */
    public void click(String visibleText) {
        By target = By.xpath("//button[normalize-space(.)=" + xpathLiteral(visibleText) + "] | //a[normalize-space(.)="
                + xpathLiteral(visibleText) + "]");
        // Found again if the page was still settling: a node of the previous document cannot be clicked.
        for (int attempt = 1; ; attempt++) {
            try {
                clickAndWait(driver.findElement(target));
                return;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 3) {
                    throw e;
                }
            } catch (org.openqa.selenium.WebDriverException e) {
                boolean previousDocument = e.getMessage() != null
                        && e.getMessage().contains("does not belong to the document");
                if (attempt == 3 || !previousDocument) {
                    throw e;
                }
            }
        }
    }

    /** Clicks an element and waits until the page it leads to has replaced this one (back in the top window). */
    public void clickAndWait(WebElement target) {
        WebElement html = driver.findElement(By.tagName("html"));
        target.click();
        // chromedriver then waits for the navigation to finish before the next command.
        new WebDriverWait(driver, WAIT).until(d -> isStale(html));
        driver.switchTo().defaultContent();
    }

    /**
     * Lays the page out at this CSS width (a phone's is 375 px) and answers how wide the document is: more than
     * the viewport means the page scrolls sideways (WCAG 1.4.10, reflow).
     */
    public long documentWidthAt(int width) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 800,
                "deviceScaleFactor", 1, "mobile", true));
        try {
            return ((Number) driver.executeScript("return document.documentElement.scrollWidth")).longValue();
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /** Waits for a download to complete in this browser's download folder and returns it. */
    public Path downloaded(String fileName) {
        Path file = chromium.downloads().resolve(fileName);
        new WebDriverWait(driver, WAIT).until(d -> Files.isRegularFile(file)
                && !Files.exists(chromium.downloads().resolve(fileName + ".crdownload")));
        return file;
    }

    private boolean isStale(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException
                 | org.openqa.selenium.NoSuchFrameException e) {
            // Gone with its page, or with the frame it was in (a link of a frame that navigates the window).
            return true;
        }
    }

    static String xpathLiteral(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "',\"'\",'") + "')";
    }
}
