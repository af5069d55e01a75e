package fr.messagerie.browser;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.infrastructure.HttpApiInvoker;
import fr.messagerie.infrastructure.local.DevelopmentAgents;
import fr.messagerie.infrastructure.local.LocalRuntime;
import fr.messagerie.local.LocalRuntimeExtension;
import fr.messagerie.support.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The buyers' console in a real browser against the local runtime: the journeys of issue 11 (compose, draft, send and
 * statuses moving without reload; keyboard only; relance; organism isolation), each screen through axe-core.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(LocalRuntimeExtension.class)
class ConsoleJourneyTest {

    private static final String BOUNCE = "bounce@simulator.amazonses.com";

    @RegisterExtension
    final Browser browser = Browser.withJavaScript();

    private LocalRuntime runtime;
    private Console console;

    @BeforeAll
    void start(LocalRuntime runtime) {
        this.runtime = runtime;
        this.console = new Console(browser, runtime);
    }

    /** A consultation of Alice's organism with small registers: two withdrawals (one bounces), one deposit. */
    private String newConsultation(String suffix) {
        String id = "console-" + UUID.randomUUID();
        String json = """
                {"reference": "CONS-%1$s", "title": "Achat de matériel informatique %1$s",
                 "object": "Achat d'ordinateurs fixes et portables", "bidDeadline": "2030-07-31T17:30:00+02:00",
                 "organismName": "Département des Bouches-du-Rhône", "purchasingEntity": "Direction des Systèmes d'Information",
                 "registers": {
                   "WITHDRAWALS": [
                     {"name": "DUPONT Gregory", "company": "ATEXO", "email": "gregory.%1$s@atexo.example"},
                     {"name": "Adresse en échec", "company": "REBOND SA", "email": "%2$s"}],
                   "DEPOSITS": [
                     {"name": "FOURNIER Paul", "company": "FORPRO CORPORATION", "email": "paul.%1$s@forpro.example"}]
                 }}""".formatted(suffix, BOUNCE);
        var response = api().put("/consultations/" + id, json, DevelopmentAgents.ALICE);
        assertEquals(200, response.getStatusCode(), response.getBody());
        return id;
    }

    private HttpApiInvoker api() {
        return runtime.system().api();
    }

    private JsonNode letter(String letterId) throws Exception {
        return Json.MAPPER.readTree(api().get("/letters/" + letterId, DevelopmentAgents.ALICE).getBody());
    }

    private void paste(String selector, String text) {
        browser.driver().executeScript("""
                const input = document.querySelector(arguments[0]); input.focus();
                const data = new DataTransfer(); data.setData('text/plain', arguments[1]);
                input.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
                """, selector, text);
    }

    private void setValue(String selector, String value) {
        browser.driver().executeScript("""
                const input = document.querySelector(arguments[0]); input.value = arguments[1];
                input.dispatchEvent(new Event('input', {bubbles: true}));""", selector, value);
    }

    private String draftIdFromUrl() {
        String url = browser.url();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    @Test
    void compose_with_registers_a_pasted_list_formatting_deadline_and_file_then_draft_edit_send_and_live_statuses(
            @TempDir Path files) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String consultation = newConsultation(suffix);
        console.signInAs("Alice MARTIN", "#/consultations/" + consultation);
        console.sees("Suivi des messages échangés et documents joints");
        console.accessible("Consultation");
        console.screenshots("consultation");

        console.link("Envoyer un message").click();
        console.until(d -> d.findElement(By.cssSelector(".editor-content")));
        new Select(browser.find(By.id("type"))).selectByVisibleText("Demande de complément");
        console.sees("Modèle « Demande de complément » chargé.");
        assertEquals("Réf. CONS-" + suffix + " - Demande de complément relative à votre offre",
                browser.find(By.id("objet")).getAttribute("value"), "the template's subject, with the reference");

        // A whole register, then one contact of another.
        console.button("Sélectionnez").click();
        console.button("Registre des retraits (2)").click();
        console.button("FOURNIER Paul | FORPRO CORPORATION | paul." + suffix + "@forpro.example").click();
        // A pasted list: spaces, commas, semicolons, new lines; one invalid address marked in place.
        String pastedOne = "libre." + suffix + "@exemple.fr";
        String pastedTwo = "autre." + suffix + "@exemple.fr";
        paste("#destinataires", pastedOne + ";\n" + pastedTwo + ", pasbon");
        WebElement invalid = console.until(d -> d.findElement(By.cssSelector(".chip.invalid")));
        assertEquals("pasbon — adresse invalide : il manque « @ »",
                invalid.findElement(By.xpath("./span[1]")).getText() + invalid.findElement(By.cssSelector(".chip-reason"))
                        .getAttribute("textContent"));
        assertEquals(6, browser.driver().findElements(By.cssSelector(".chip")).size());
        assertTrue(browser.text().contains("DUPONT Gregory | ATEXO | gregory." + suffix + "@atexo.example"));

        // Saving is refused while an invalid address is there, with the reason next to the field.
        console.button("Enregistrer").click();
        assertTrue(console.until(d -> d.findElement(By.id("recipients-erreurs"))).getText()
                .contains("Corrigez ou retirez les adresses marquées invalides."));
        console.button("Retirer pasbon").click();

        // Reply deadline and sealing.
        browser.find(By.id("hasDeadline-oui")).click();
        setValue("#deadline", "2030-01-31T17:00");
        browser.find(By.id("sealed-oui")).click();

        // Bold and a bulleted list in the body.
        WebElement editor = browser.find(By.cssSelector(".editor-content"));
        editor.click();
        editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.END), Keys.ENTER);
        console.button("Gras").click();
        browser.driver().switchTo().activeElement().sendKeys("Pièce à compléter");
        console.button("Gras").click();
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        console.button("Liste à puces").click();
        browser.driver().switchTo().activeElement().sendKeys("le bordereau des prix");
        String html = console.editorHtml();
        assertTrue(html.contains("<strong>Pièce à compléter</strong>") && html.contains("<ul><li><p>le bordereau des prix</p></li></ul>"), html);

        // A file through the file input: size, progress to 100 %, state.
        Path file = files.resolve("Bordereau des prix.csv");
        Files.writeString(file, "article;prix\n".repeat(500), StandardCharsets.UTF_8);
        browser.find(By.cssSelector("input[type=file]")).sendKeys(file.toString());
        console.sees("100 % — Joint");
        console.sees("Total : 6,35 Ko sur 60,00 Mo");
        console.accessible("Nouveau message");
        console.screenshots("compose");

        console.button("Enregistrer").click();
        console.sees("Brouillon enregistré (5 destinataire(s)).");
        String draftId = draftIdFromUrl();
        JsonNode saved = letter(draftId);
        assertEquals(html, saved.path("body").asText(), "the sanitizer keeps the editor's bold and list unchanged");
        assertEquals(5, saved.path("recipients").size());
        assertTrue(saved.path("replyOptions").path("sealed").asBoolean());
        assertEquals("31/01/2030 17:00", saved.path("replyOptions").path("deadlineLabel").asText());

        // Found in "Brouillons", then edited.
        console.go("#/consultations/" + consultation + "/suivi?onglet=brouillons");
        console.sees("5 destinataire(s)");
        console.accessible("Brouillons");
        console.screenshots("drafts");
        String subject = "Réf. CONS-" + suffix + " - Demande de complément relative à votre offre";
        console.button("Modifier le brouillon : " + subject).click();
        console.until(d -> d.findElements(By.cssSelector(".chip")).size() == 5);
        assertTrue(browser.find(By.id("sealed-oui")).isSelected(), "the draft keeps its sealing");
        assertEquals("2030-01-31T17:00", browser.find(By.id("deadline")).getAttribute("value"));
        console.sees("Bordereau des prix.csv");
        WebElement objet = browser.find(By.id("objet"));
        objet.sendKeys(" (complétée)");

        // Sent: the list shows the statuses moving, without reloading the page.
        browser.driver().executeScript("""
                window.__sameDocument = true; window.__seen = [];
                setInterval(() => document.querySelectorAll('table.tracking tr').forEach(r => {
                  const s = r.querySelector('.status'); const to = r.querySelector('.recipient');
                  if (s && to) window.__seen.push(to.textContent + ' => ' + s.textContent); }), 30);""");
        console.button("Envoyer le courrier").click();
        String confirmation = console.confirm();
        assertTrue(confirmation.contains("5 destinataire(s)"), confirmation);
        console.sees("Courrier envoyé à 5 destinataire(s).");
        console.until(d -> console.status(BOUNCE).equals("Non délivré"));
        console.until(d -> console.status("gregory." + suffix + "@atexo.example").equals("Délivré"));
        for (String address : List.of(pastedOne, pastedTwo, "paul." + suffix + "@forpro.example")) {
            console.until(d -> console.status(address).equals("Délivré"));
        }
        assertTrue(console.row(BOUNCE).getText().contains("Adresse refusée par le serveur"), console.row(BOUNCE).getText());
        assertEquals(Boolean.TRUE, browser.driver().executeScript("return window.__sameDocument === true"),
                "no reload");
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) browser.driver().executeScript("return window.__seen");
        assertTrue(seen.stream().anyMatch(s -> s.endsWith("=> En cours d'envoi")), "first shown as sending: " + seen);
        assertTrue(browser.text().contains(subject + " (complétée)"));
        console.accessible("Suivi des messages");
        console.screenshots("tracking");

        // The undelivered letter's detail.
        console.link("Détail de l'échange : " + subject + " (complétée) (" + BOUNCE + ")").click();
        console.sees("Détail des échanges | " + subject + " (complétée)");
        console.sees("Motif : Adresse refusée");
        console.sees("Bordereau des prix.csv");
        console.accessible("Détail des échanges");
        console.screenshots("thread");
    }

    @Test
    void every_toolbar_format_survives_the_server_sanitizer_unchanged() throws Exception {
        String consultation = newConsultation(UUID.randomUUID().toString().substring(0, 8));
        console.signInAs("Alice MARTIN", "#/consultations/" + consultation + "/nouveau");
        WebElement editor = console.until(d -> d.findElement(By.cssSelector(".editor-content")));
        editor.click();
        editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.END), Keys.ENTER);
        for (String format : List.of("Gras", "Italique", "Souligné", "Barré")) {
            console.button(format).click();
            browser.driver().switchTo().activeElement().sendKeys(format + " ");
            console.button(format).click();
        }
        new Select(browser.find(By.cssSelector(".colour select"))).selectByVisibleText("Rouge");
        browser.driver().switchTo().activeElement().sendKeys("rouge");
        new Select(browser.find(By.cssSelector(".colour select"))).selectByVisibleText("Couleur par défaut");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        console.button("Liste à puces").click();
        browser.driver().switchTo().activeElement().sendKeys("puce", Keys.ENTER, Keys.ENTER);
        console.button("Liste numérotée").click();
        browser.driver().switchTo().activeElement().sendKeys("un", Keys.SHIFT, Keys.ENTER);
        browser.driver().switchTo().activeElement().sendKeys("à la ligne");
        String html = console.editorHtml();
        for (String tag : List.of("<strong>Gras </strong>", "<em>Italique </em>", "<u>Souligné </u>", "<s>Barré </s>",
                "<span style=\"color: rgb(201, 25, 30)\">rouge</span>", "<ul><li><p>puce</p></li></ul>",
                "<ol><li><p>un<br>à la ligne</p></li></ol>")) {
            assertTrue(html.contains(tag), tag + " in " + html);
        }
        console.button("Annuler").click();
        assertFalse(console.editorHtml().contains("à la ligne"), "undo");
        console.button("Rétablir").click();
        assertEquals(html, console.editorHtml(), "redo");

        browser.find(By.id("destinataires")).sendKeys("format@exemple.fr", Keys.ENTER);
        console.button("Enregistrer").click();
        console.sees("Brouillon enregistré");
        assertEquals(html, letter(draftIdFromUrl()).path("body").asText(), "stored exactly as the editor wrote it");
    }

    @Test
    void bruno_sees_none_of_alices_consultations() {
        String alices = newConsultation(UUID.randomUUID().toString().substring(0, 8));
        console.signInAs("Bruno ROUX", "#/");
        console.sees("RS-2025-014");
        assertFalse(browser.text().contains("ADO-2207-2020"), browser.text());
        assertFalse(browser.text().contains("CONS-"), browser.text());
        console.go("#/consultations/" + alices + "/suivi");
        WebElement alert = console.until(d -> d.findElement(By.cssSelector("[role=alert]")));
        assertFalse(alert.getText().isBlank());
        assertFalse(browser.text().contains("Achat de matériel informatique"), browser.text());
        console.accessible("Consultations (Bruno)");
    }

    /** Presses Tab (keys go to the focused element only) until the focus reaches an element matching {@code target}. */
    private WebElement tabTo(String description, java.util.function.Predicate<WebElement> target) {
        for (int i = 0; i < 200; i++) {
            WebElement active = browser.driver().switchTo().activeElement();
            if (target.test(active)) {
                String outline = (String) browser.driver().executeScript(
                        "return getComputedStyle(arguments[0]).outlineStyle", active);
                String chipsOutline = (String) browser.driver().executeScript(
                        "return getComputedStyle(arguments[0].closest('.chips') || arguments[0]).outlineStyle", active);
                assertTrue(!"none".equals(outline) || !"none".equals(chipsOutline) || active.getAttribute("class") != null
                        && active.getAttribute("class").contains("editor-content"), description + ": focus is visible");
                return active;
            }
            // Through the browser's keyboard, not the element (a file input would take keys for a path).
            new org.openqa.selenium.interactions.Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError("Tab never reached " + description);
    }

    private static java.util.function.Predicate<WebElement> id(String id) {
        return e -> id.equals(e.getAttribute("id"));
    }

    private static java.util.function.Predicate<WebElement> named(String text) {
        return e -> text.equals(e.getText().trim()) || text.equals(e.getAttribute("aria-label"));
    }

    private void ctrl(CharSequence key) {
        new org.openqa.selenium.interactions.Actions(browser.driver()).keyDown(Keys.CONTROL).sendKeys(key)
                .keyUp(Keys.CONTROL).perform();
    }

    private void keys(CharSequence... keys) {
        new org.openqa.selenium.interactions.Actions(browser.driver()).sendKeys(keys).perform();
    }

    @Test
    void the_whole_compose_journey_by_keyboard_only() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String consultation = newConsultation(suffix);
        console.signInAs("Alice MARTIN", "#/consultations/" + consultation + "/nouveau");
        console.until(d -> d.findElement(By.cssSelector(".editor-content")));
        console.until(d -> "h1".equals(d.switchTo().activeElement().getTagName()));

        tabTo("Type de courrier", id("type"));
        keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN);
        console.sees("Modèle « Demande de complément » chargé.");
        String typed = "clavier." + suffix + "@exemple.fr";
        tabTo("Destinataire(s)", id("destinataires"));
        keys(typed, Keys.ENTER);
        tabTo("Sélectionnez", named("Sélectionnez"));
        keys(Keys.ENTER);
        tabTo("Registre des dépôts", named("Registre des dépôts (1)"));
        keys(Keys.ENTER);
        keys(Keys.ESCAPE);
        assertEquals("Sélectionnez", browser.driver().switchTo().activeElement().getText().trim(),
                "Escape closes the menu and gives the focus back");
        assertEquals(2, browser.driver().findElements(By.cssSelector(".chip")).size());

        tabTo("Définir une date limite de réponse", e -> "hasDeadline".equals(e.getAttribute("name")));
        keys(Keys.ARROW_RIGHT);
        tabTo("Date limite de réponse", id("deadline"));
        // The picker's fields follow the browser's locale: typed in its order (the year field takes more than 4
        // digits, so the arrow moves on after it).
        @SuppressWarnings("unchecked")
        List<String> order = (List<String>) browser.driver().executeScript("return new Intl.DateTimeFormat()"
                + ".formatToParts(new Date(2030, 0, 31)).map(p => p.type).filter(t => t !== 'literal')");
        for (String part : order) {
            switch (part) {
                case "day" -> keys("31");
                case "month" -> keys("01");
                case "year" -> keys("2030", Keys.ARROW_RIGHT);
                default -> { }
            }
        }
        keys("1700");
        assertEquals("2030-01-31T17:00", browser.find(By.id("deadline")).getAttribute("value"));
        tabTo("Blocage de l'accès", e -> "sealed".equals(e.getAttribute("name")));
        keys(Keys.ARROW_RIGHT);
        assertTrue(browser.find(By.id("sealed-oui")).isSelected());
        tabTo("Objet du courrier", id("objet"));
        keys(Keys.END, " (clavier)");
        tabTo("Corps du courrier", e -> e.getAttribute("class") != null && e.getAttribute("class").contains("editor-content"));
        ctrl(Keys.END);
        keys(Keys.ENTER);
        ctrl("b");
        keys("Réponse attendue");
        ctrl("b");
        assertTrue(console.editorHtml().contains("<strong>Réponse attendue</strong>"), console.editorHtml());

        tabTo("Envoyer le courrier", named("Envoyer le courrier"));
        keys(Keys.ENTER);
        WebElement dialog = console.until(d -> d.findElement(By.cssSelector("dialog[open]")));
        assertTrue(dialog.getText().contains("2 destinataire(s)"), dialog.getText());
        console.accessible("Confirmation d'envoi");
        keys(Keys.ENTER);
        console.sees("Courrier envoyé à 2 destinataire(s).");
        console.until(d -> console.status(typed).equals("Délivré"));
        assertTrue(browser.text().contains("Réf. CONS-" + suffix + " - Demande de complément relative à votre offre (clavier)"));
    }

    @Test
    void relance_of_an_undelivered_letter_and_resend_to_a_corrected_address() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String consultation = newConsultation(suffix);
        var draft = api().post("/consultations/" + consultation + "/letters", """
                {"letterType": "COURRIER_LIBRE", "subject": "Relance %s", "recipients": {"addresses": "%s"}}"""
                .formatted(suffix, BOUNCE), DevelopmentAgents.ALICE);
        assertEquals(201, draft.getStatusCode(), draft.getBody());
        String letterId = Json.MAPPER.readTree(draft.getBody()).path("id").asText();
        assertEquals(202, api().post("/letters/" + letterId + "/send", null, DevelopmentAgents.ALICE).getStatusCode());

        console.signInAs("Alice MARTIN", "#/consultations/" + consultation + "/suivi");
        console.until(d -> console.status(BOUNCE).equals("Non délivré"));
        console.button("Relancer l'envoi à " + BOUNCE).click();
        assertTrue(console.confirm().contains("sera renvoyé tel quel à " + BOUNCE));
        console.sees("Courrier relancé vers " + BOUNCE + ".");

        console.link("Détail de l'échange : Relance " + suffix + " (" + BOUNCE + ")").click();
        console.sees("Relance du courrier par Alice MARTIN");
        console.until(d -> d.findElements(By.xpath("//p[@class='event-title'][starts-with(normalize-space(.), 'Non délivré')]"))
                .size() == 2 || reload());
        String corrected = "corrige." + suffix + "@exemple.fr";
        browser.find(By.id("adresse-corrigee")).sendKeys(corrected);
        console.button("Renvoyer").click();
        assertTrue(console.confirm().contains(corrected));
        console.sees("Courrier relancé vers " + corrected + ".");
        console.until(d -> browser.text().contains("Adresse en échec") ? false : browser.text().contains(corrected));
        console.go("#/consultations/" + consultation + "/suivi");
        console.until(d -> console.status(corrected).equals("Délivré"));
        console.until(d -> console.status(BOUNCE).equals("Non délivré"));
    }

    /** The thread screen shows the events as they were when opened: reloads it (the list itself polls). */
    private boolean reload() {
        browser.driver().navigate().refresh();
        return false;
    }
}
