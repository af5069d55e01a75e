package fr.messagerie.browser;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven by its own chromedriver (nothing may fetch a browser), with a fresh profile and
 * its own download folder, both deleted on close. The browser of the tests and of the benchmark's Console section.
 */
public final class Chromium implements AutoCloseable {

    /** Overridable with -Dchromium.binary / -Dchromium.driver where Chromium lies elsewhere. */
    public static final Path BINARY = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    public static final Path DRIVER = Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Path profile;
    private final Path downloads;
    private final ChromeDriver driver;

    private Chromium(Path profile, Path downloads, ChromeDriver driver) {
        this.profile = profile;
        this.downloads = downloads;
        this.driver = driver;
    }

    /** Starts a browser; {@code javascript} false disables it in the settings, as a hardened workstation may. */
    public static Chromium start(boolean javascript) throws IOException {
        for (Path required : List.of(BINARY, DRIVER)) {
            if (!Files.isExecutable(required)) {
                throw new IllegalStateException(required + " is missing: install Debian's chromium and "
                        + "chromium-driver packages (apt-get install chromium chromium-driver), as .ci/run does");
            }
        }
        Path profile = Files.createTempDirectory("chromium-profile");
        Path downloads = Files.createTempDirectory("chromium-downloads");
        try {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BINARY.toFile());
            // Without the background-networking flags Chromium calls out to Google at start, refused here.
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-quic", "--lang=fr-FR", "--window-size=1280,900",
                    "--user-data-dir=" + profile);
            options.setExperimentalOption("prefs", Map.of(
                    "download.default_directory", downloads.toString(),
                    "download.prompt_for_download", false,
                    "profile.managed_default_content_settings.javascript", javascript ? 1 : 2));
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
            driver.executeCdpCommand("Browser.setDownloadBehavior",
                    Map.of("behavior", "allow", "downloadPath", downloads.toString()));
            return new Chromium(profile, downloads, driver);
        } catch (RuntimeException e) {
            deleteRecursively(profile);
            deleteRecursively(downloads);
            throw e;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Where this browser saves its downloads. */
    public Path downloads() {
        return downloads;
    }

    /** The browser's version, as chromedriver reports it ("Chromium 147.0.…"). */
    public String version() {
        return "Chromium " + driver.getCapabilities().getBrowserVersion();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteRecursively(profile);
            deleteRecursively(downloads);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
