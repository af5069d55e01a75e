package fr.messagerie.browser;

import fr.messagerie.local.LocalRuntime;
import fr.messagerie.sam.LocalConfig;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The buyers' console as an agent drives it in the browser: signing in, waiting for what a person would see. */
final class Console {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Browser browser;
    private final LocalRuntime runtime;

    Console(Browser browser, LocalRuntime runtime) {
        this.browser = browser;
        this.runtime = runtime;
    }

    /** Signs in on the local sign-in page as the development agent of this name, then opens {@code hash}. */
    void signInAs(String agentName, String hash) {
        browser.open(runtime.baseUrl() + "/");
        browser.driver().executeScript("sessionStorage.clear()");
        // A new query string makes a full load (a hash alone would keep the page, and its session, in memory).
        browser.open(runtime.baseUrl() + "/?connexion=" + System.nanoTime() + hash);
        until(d -> !d.findElements(By.xpath("//button[starts-with(normalize-space(.), 'Se connecter en tant que "
                + agentName + "')]")).isEmpty());
        browser.find(By.xpath("//button[starts-with(normalize-space(.), 'Se connecter en tant que " + agentName + "')]"))
                .click();
        until(d -> d.findElements(By.cssSelector(".agents")).isEmpty());
    }

    /** Opens a screen of the console in the same tab (the session stays). */
    void go(String hash) {
        browser.driver().executeScript("location.hash = arguments[0]", hash);
    }

    <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(browser.driver(), WAIT).until(condition);
    }

    /** Waits until the page's text holds {@code text}. */
    void sees(String text) {
        until(d -> browser.text().contains(text));
    }

    WebElement heading() {
        return until(d -> d.findElement(By.tagName("h1")));
    }

    WebElement button(String label) {
        return until(d -> d.findElement(By.xpath("//button[normalize-space(.)=" + Browser.xpathLiteral(label)
                + " or @aria-label=" + Browser.xpathLiteral(label) + "]")));
    }

    WebElement link(String label) {
        return until(d -> d.findElement(By.xpath("//a[normalize-space(.)=" + Browser.xpathLiteral(label)
                + " or @aria-label=" + Browser.xpathLiteral(label) + "]")));
    }

    /** The table row of the tracking list for this recipient. */
    WebElement row(String email) {
        return until(d -> d.findElement(By.xpath("//table[contains(@class,'tracking')]//tr[.//p[@class='recipient']"
                + "[contains(., " + Browser.xpathLiteral(email) + ")]]")));
    }

    String status(String email) {
        return row(email).findElement(By.cssSelector(".status")).getText();
    }

    /** Confirms the open dialog with its main button, after checking its text. */
    String confirm() {
        WebElement dialog = until(d -> d.findElement(By.cssSelector("dialog[open]")));
        String text = dialog.getText();
        dialog.findElement(By.cssSelector("button.primary")).click();
        until(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
        return text;
    }

    String editorHtml() {
        return (String) browser.driver().executeScript(
                "return document.querySelector('.editor-content').bodyHtml()");
    }

    /** No WCAG 2.1 A/AA violation on the screen shown. */
    void accessible(String screen) {
        assertEquals(List.of(), Axe.violations(browser), screen + ": axe-core WCAG 2.1 A/AA violations");
    }

    /**
     * The whole screen at 1280 and 768 px wide under target/console-screenshots; with -Dconsole.docs=true, copied to
     * docs/ for the README.
     */
    void screenshots(String name) {
        for (int width : new int[] {1280, 768}) {
            byte[] png = fullPage(width);
            try {
                Files.createDirectories(SCREENSHOTS);
                Path file = SCREENSHOTS.resolve(name + "-" + width + ".png");
                Files.write(file, png);
                if (Boolean.getBoolean("console.docs")) {
                    Path docs = LocalConfig.findRepositoryRoot(Path.of(System.getProperty("user.dir"))).resolve("docs");
                    Files.createDirectories(docs);
                    Files.write(docs.resolve("console-" + name + "-" + width + ".png"), png);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private byte[] fullPage(int width) {
        var driver = browser.driver();
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 900,
                "deviceScaleFactor", 1, "mobile", false));
        try {
            long height = ((Number) driver.executeScript("return document.documentElement.scrollHeight")).longValue();
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width,
                    "height", Math.min(height, 6000), "deviceScaleFactor", 1, "mobile", false));
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png"));
            return Base64.getDecoder().decode((String) shot.get("data"));
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }
}
