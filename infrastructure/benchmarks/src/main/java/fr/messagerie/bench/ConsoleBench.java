package fr.messagerie.bench;

import fr.messagerie.browser.Chromium;
import fr.messagerie.local.LocalRuntime;
import fr.messagerie.sam.LocalSystem;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.zip.GZIPOutputStream;

/**
 * The buyers' console in the Chromium of the tests, served with every API route by the local runtime's HTTP server
 * over the benchmark's system: the gzipped files of its first load and of the compose screen's editor, the time from
 * navigation to an interactive tracking list of 100 rows, and the time from the list's API answer to its rows shown.
 */
final class ConsoleBench {
    static final int ROWS = 100;
    /** More letters than a page holds: the page has a next one, whose button shows the list is usable. */
    private static final int LETTERS = 120;
    private static final long SIZE_GOAL = 150 * 1024;
    private static final double INTERACTIVE_GOAL_MS = 1000;
    private static final double RENDER_GOAL_MS = 50;
    private static final long WAIT_NANOS = 30_000_000_000L;

    /**
     * Installed in every document before its scripts: once the tracking table holds its rows (a mutation of the DOM,
     * seen in the microtask after Preact's commit), the frame that follows is awaited, then a task queued from its
     * requestAnimationFrame runs after that frame's style, layout and paint: the rows are on screen and the main
     * thread is free to take a click.
     */
    private static final String PROBE = """
            (() => {
              let resolve;
              const probe = window.__consoleBench = { rows: 0, shown: 0 };
              probe.ready = new Promise((r) => { resolve = r; });
              const observer = new MutationObserver(() => {
                if (document.querySelectorAll('table.tracking tbody tr').length < %d) return;
                observer.disconnect();
                probe.rows = performance.now();
                requestAnimationFrame(() => setTimeout(() => { probe.shown = performance.now(); resolve(); }));
              });
              observer.observe(document, { childList: true, subtree: true });
            })();
            """.formatted(ROWS);

    /** Once the rows are shown: the probe's instants and the list's fetch, in ms since navigation start. */
    private static final String MEASURE = """
            const done = arguments[arguments.length - 1];
            window.__consoleBench.ready.then(() => {
              const list = performance.getEntriesByType('resource').find((e) => e.initiatorType === 'fetch'
                  && e.name.includes('/deliveries') && e.name.includes('limit=%d'));
              const app = performance.getEntriesByType('resource').find((e) => /\\/assets\\/.*\\.js$/.test(e.name));
              done({ rows: window.__consoleBench.rows, shown: window.__consoleBench.shown,
                     answered: list ? list.responseEnd : -1, appTransfer: app ? app.transferSize : -1,
                     count: document.querySelectorAll('table.tracking tbody tr').length });
            });
            """.formatted(ROWS);

    /** The document and every file under /assets/ this page has loaded so far. */
    private static final String LOADED = """
            return [performance.getEntriesByType('navigation')[0].name].concat(performance.getEntriesByType('resource')
                .map((e) => e.name).filter((name) => new URL(name).pathname.startsWith('/assets/')));
            """;

    /** One navigation to the 100-row list: ms since navigation start. */
    record Navigation(double rows, double shown, double answered) {
    }

    private final LocalSystem system;
    private final BenchAgent agent;
    private final BenchOptions options;

    ConsoleBench(LocalSystem system, BenchAgent agent, BenchOptions options) {
        this.system = system;
        this.agent = agent;
        this.options = options;
    }

    private static String note(BenchOptions options, String browser) {
        return "The built console (`web/dist`) and the API on the local runtime's HTTP server over the benchmark's"
                + " system, in the Chromium of the tests (" + browser + ", headless), signed in as "
                + BenchAgent.CLAIMS.get("name") + " on a consultation of " + LETTERS + " letters; medians of "
                + options.consoleNavigations() + " page loads of the tracking list (`?parPage=" + ROWS + "`) after"
                + " one warm-up, the HTTP cache emptied before each as on a first visit (detail: with the files"
                + " cached). Sizes: the HTML, JS and CSS these loads requested (Resource Timing), then what the"
                + " compose screen loads on demand, each file of `web/dist` gzipped at zlib's default level, as Vite"
                + " reports them. *Interactive*: navigation start to the first task after the frame that paints the "
                + ROWS + " rows (queued from its requestAnimationFrame once they are in the DOM: shown, and the main"
                + " thread free for a click); *API answer → shown*: the list fetch's responseEnd to that same instant"
                + " (JSON parsing, Preact's render, layout, paint).";
    }

    /** Measures in a browser of its own and answers the section, titled {@code title}. */
    Report.Section run(String title) throws Exception {
        Path dist = options.repositoryRoot().resolve("web").resolve("dist");
        if (!Files.isRegularFile(dist.resolve("index.html"))) {
            throw new IllegalStateException(dist + " is not built: run the benchmark without -Dweb.skip, or"
                    + " cd web && npm ci && npm run build");
        }
        String consultation = agent.newConsultation();
        TrackingBench.seed(system, consultation, LETTERS, 1, 2);
        Path data = Files.createTempDirectory("messagerie-bench-console");
        try (LocalRuntime runtime = LocalRuntime.serve(system, data); Chromium chromium = Chromium.start(true)) {
            Report.Section section = new Report.Section(title, note(options, chromium.version()), "Measure",
                    "Figure", "Goal", "Goal met", "Detail");
            ChromeDriver driver = chromium.driver();
            String list = runtime.baseUrl() + "/?mesure=%d#/consultations/" + consultation + "/suivi?parPage=" + ROWS;
            signIn(driver, runtime.baseUrl());
            driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PROBE));

            navigate(driver, list.formatted(0), true);
            List<Navigation> fresh = new ArrayList<>();
            List<String> firstLoad = List.of();
            for (int i = 1; i <= options.consoleNavigations(); i++) {
                fresh.add(navigate(driver, list.formatted(i), true));
                firstLoad = loaded(driver);
            }
            List<Navigation> cached = new ArrayList<>();
            for (int i = 1; i <= options.consoleNavigations(); i++) {
                cached.add(navigate(driver, list.formatted(options.consoleNavigations() + i), false));
            }
            usable(driver);
            List<String> editor = editorChunk(driver, consultation, firstLoad);

            Sizes first = Sizes.of(dist, firstLoad);
            Sizes withEditor = Sizes.of(dist, editor);
            long total = first.total() + withEditor.total();
            section.row("First load, gzipped (HTML + JS + CSS)", Report.bytes(first.total()), "≤ 150 KiB",
                    met(first.total() <= SIZE_GOAL), first.detail());
            section.row("With the compose screen's editor (loaded on demand)", Report.bytes(total), "≤ 150 KiB",
                    met(total <= SIZE_GOAL), "+ " + Report.bytes(withEditor.total()) + ": " + withEditor.files());
            Samples interactive = samples(fresh, Navigation::shown);
            section.row("Navigation → tracking list of " + ROWS + " rows interactive", Report.ms(interactive.p50()),
                    "≤ 1 s", met(interactive.p50() <= INTERACTIVE_GOAL_MS), range(interactive)
                            + "; rows in the DOM at " + Report.ms(samples(fresh, Navigation::rows).p50())
                            + "; files cached: " + Report.ms(samples(cached, Navigation::shown).p50()));
            Samples render = samples(fresh, n -> n.shown() - n.answered());
            section.row("API answer → " + ROWS + "-row page shown", Report.ms(render.p50()), "≤ 50 ms",
                    met(render.p50() <= RENDER_GOAL_MS), range(render) + "; of which JSON and render into the DOM "
                            + Report.ms(samples(fresh, n -> n.rows() - n.answered()).p50()) + "; files cached: "
                            + Report.ms(samples(cached, n -> n.shown() - n.answered()).p50()));
            return section;
        } finally {
            LocalRuntime.deleteRecursively(data);
        }
    }

    /** The console's sign-in page lists the local runtime's development agents: the bench's agent picks hers. */
    private static void signIn(ChromeDriver driver, String baseUrl) {
        driver.get(baseUrl + "/");
        By button = By.xpath("//ul[@class='agents']//button[normalize-space(.)='Se connecter en tant que "
                + BenchAgent.CLAIMS.get("name") + "']");
        until(driver, d -> !d.findElements(button).isEmpty());
        driver.findElement(button).click();
        until(driver, d -> d.findElements(By.cssSelector(".agents")).isEmpty());
    }

    /**
     * A new page load of the list (a new query string: a hash alone keeps the page), its HTTP cache emptied first or
     * not; waits until its rows are shown and answers the probe's instants.
     */
    private static Navigation navigate(ChromeDriver driver, String url, boolean emptyCache) {
        if (emptyCache) {
            driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
        }
        driver.get(url);
        @SuppressWarnings("unchecked")
        Map<String, Object> measure = (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript(MEASURE);
        double answered = number(measure, "answered");
        if (number(measure, "count") != ROWS || answered < 0) {
            throw new IllegalStateException("The list shows " + measure.get("count") + " rows (list fetch at "
                    + answered + " ms) on " + url);
        }
        if (emptyCache && number(measure, "appTransfer") <= 0) {
            throw new IllegalStateException("The console's script came from the cache after it was emptied: " + url);
        }
        return new Navigation(number(measure, "rows"), number(measure, "shown"), answered);
    }

    /** The list reacts: its next page (the last {@code LETTERS - ROWS} rows) comes when its button is clicked. */
    private static void usable(ChromeDriver driver) {
        driver.findElement(By.cssSelector("button[aria-label='Page suivante']")).click();
        until(driver, d -> d.findElements(By.cssSelector("table.tracking tbody tr")).size() == LETTERS - ROWS);
    }

    /** Opens the compose screen in the same page and answers the files it loaded beyond the first load. */
    private static List<String> editorChunk(ChromeDriver driver, String consultation, List<String> firstLoad) {
        driver.executeScript("location.hash = arguments[0]", "#/consultations/" + consultation + "/nouveau");
        until(driver, d -> !d.findElements(By.cssSelector(".editor-content")).isEmpty());
        Set<String> before = new LinkedHashSet<>();
        firstLoad.forEach(url -> before.add(URI.create(url).getPath()));
        List<String> more = loaded(driver).stream().filter(url -> !before.contains(URI.create(url).getPath())).toList();
        if (more.isEmpty()) {
            throw new IllegalStateException("The compose screen loaded no file of its own");
        }
        return more;
    }

    @SuppressWarnings("unchecked")
    private static List<String> loaded(ChromeDriver driver) {
        return new ArrayList<>(new LinkedHashSet<>((List<String>) driver.executeScript(LOADED)));
    }

    private static void until(ChromeDriver driver, Predicate<ChromeDriver> condition) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.test(driver)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out on " + driver.getCurrentUrl() + ": "
                        + driver.findElement(By.tagName("body")).getText());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static double number(Map<String, Object> values, String key) {
        return ((Number) values.get(key)).doubleValue();
    }

    private static Samples samples(List<Navigation> navigations, ToDoubleFunction<Navigation> ms) {
        Samples samples = new Samples();
        navigations.forEach(n -> samples.add(Math.round(ms.applyAsDouble(n) * 1e6)));
        return samples;
    }

    private static String range(Samples samples) {
        return samples.count() + " loads, " + Report.ms(samples.percentile(0)) + " to "
                + Report.ms(samples.percentile(100));
    }

    private static String met(boolean met) {
        return met ? "met" : "**missed**";
    }

    /** Files of web/dist by the URLs the browser requested, gzipped. */
    private record Sizes(List<String> names, long html, long js, long css, long other) {
        static Sizes of(Path dist, List<String> urls) {
            List<String> names = new ArrayList<>();
            long html = 0;
            long js = 0;
            long css = 0;
            long other = 0;
            for (String url : urls) {
                String path = URI.create(url).getPath();
                String name = path.equals("/") ? "index.html" : path.substring(1);
                Path file = dist.resolve(name).normalize();
                if (!file.startsWith(dist) || !Files.isRegularFile(file)) {
                    throw new IllegalStateException("The browser loaded " + url + ", not in " + dist);
                }
                long size = gzipped(file);
                names.add(name.substring(name.lastIndexOf('/') + 1));
                if (name.endsWith(".html")) {
                    html += size;
                } else if (name.endsWith(".js")) {
                    js += size;
                } else if (name.endsWith(".css")) {
                    css += size;
                } else {
                    other += size;
                }
            }
            return new Sizes(names, html, js, css, other);
        }

        long total() {
            return html + js + css + other;
        }

        String files() {
            return String.join(", ", names.stream().map(name -> "`" + name + "`").toList());
        }

        String detail() {
            return String.format(Locale.ROOT, "%.1f JS + %.1f CSS + %.1f HTML%s: %s", js / 1024.0, css / 1024.0,
                    html / 1024.0, other > 0 ? String.format(Locale.ROOT, " + %.1f other", other / 1024.0) : "",
                    files());
        }

        private static long gzipped(Path file) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                gzip.write(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.size();
        }
    }
}
