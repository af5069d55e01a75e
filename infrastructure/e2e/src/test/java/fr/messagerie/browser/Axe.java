package fr.messagerie.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.messagerie.sam.LocalConfig;
import org.openqa.selenium.JavascriptExecutor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * axe-core, the accessibility engine, run inside the page the browser shows, on the WCAG 2.1 A and AA rules.
 * The engine comes from {@code infrastructure/browser} (npm, pinned by its lockfile; {@code npm ci} there).
 */
public final class Axe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = """
            var done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                               resultTypes: ['violations']})
               .then(function (r) { done(JSON.stringify(r.violations.map(function (v) {
                   return {id: v.id, impact: v.impact, help: v.help,
                           nodes: v.nodes.map(function (n) { return n.target.join(' ') + ': ' + n.failureSummary; })};
               }))); })
               .catch(function (e) { done(JSON.stringify({error: String(e)})); });
            """;

    private static String source;

    private Axe() {
    }

    /** The WCAG 2.1 A/AA violations of the page shown, one readable line each; empty when there are none. */
    public static List<String> violations(Browser browser) {
        if (!browser.javascript()) {
            throw new IllegalStateException("axe runs in the page: use a browser with JavaScript");
        }
        JavascriptExecutor page = browser.driver();
        page.executeScript(source());
        String result = String.valueOf(page.executeAsyncScript(RUN));
        try {
            JsonNode json = JSON.readTree(result);
            if (json.has("error")) {
                throw new IllegalStateException("axe failed on " + browser.url() + ": " + json.get("error"));
            }
            List<String> violations = new ArrayList<>();
            for (JsonNode violation : json) {
                violations.add(violation.path("id").asText() + " (" + violation.path("impact").asText() + ") "
                        + violation.path("help").asText() + " " + violation.path("nodes"));
            }
            return violations;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized String source() {
        if (source == null) {
            Path root = LocalConfig.findRepositoryRoot(Path.of(System.getProperty("user.dir")));
            Path axe = root.resolve("infrastructure/browser/node_modules/axe-core/axe.min.js");
            if (!Files.isRegularFile(axe)) {
                throw new IllegalStateException(axe + " is missing: run npm ci in infrastructure/browser");
            }
            try {
                source = Files.readString(axe);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return source;
    }
}
