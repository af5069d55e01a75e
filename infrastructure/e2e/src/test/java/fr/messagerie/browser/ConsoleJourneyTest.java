package fr.messagerie.browser;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.local.DevelopmentAgents;
import fr.messagerie.local.LocalRuntime;
import fr.messagerie.local.LocalRuntimeExtension;
import fr.messagerie.sam.HttpApiInvoker;
import fr.messagerie.support.Json;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

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
                {"organismId": "departement-13", "reference": "CONS-%1$s",
                 "title": "Achat de matériel informatique %1$s",
                 "object": "Achat d'ordinateurs fixes et portables", "bidDeadline": "2030-07-31T17:30:00+02:00",
                 "purchasingEntity": "Direction des Systèmes d'Information",
                 "registers": {
                   "WITHDRAWALS": [
                     {"name": "DUPONT Gregory", "company": "ATEXO", "email": "gregory.%1$s@atexo.example"},
                     {"name": "Adresse en échec", "company": "REBOND SA", "email": "%2$s"}],
                   "DEPOSITS": [
                     {"name": "FOURNIER Paul", "company": "FORPRO CORPORATION", "email": "paul.%1$s@forpro.example"}]
                 }}""".formatted(suffix, BOUNCE);
        // Pushed as the platform does, with its integration token (the local runtime registered the organisms).
        var response = api().put("/consultations/" + id, json, DevelopmentAgents.PLATFORM);
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

    @Test
    void notifier_le_rejet_opens_the_rejection_letter_with_the_candidates_address() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String consultation = newConsultation(suffix);
        String candidate = "candidat." + suffix + "@exemple.fr";
        // The platform's link, opened in a new tab: the agent signs in, then lands on the prepared letter.
        console.signInAs("Alice MARTIN", "#/consultations/" + consultation + "/nouveau?type=REJET&destinataires="
                + candidate);
        console.until(d -> d.findElement(By.cssSelector(".editor-content")));
        assertEquals("Courrier de rejet", new Select(browser.find(By.id("type"))).getFirstSelectedOption().getText());
        assertEquals(List.of(candidate), browser.driver().findElements(By.cssSelector(".chip span:first-child"))
                .stream().map(WebElement::getText).toList());
        assertTrue(console.editorHtml().contains("votre réponse n'a pas été retenue"), console.editorHtml());

        // A piece of the consultation's document space, joined without leaving the screen.
        runtime.system().s3().putObject(r -> r.bucket(runtime.system().resources().bucketName("FilesBucket"))
                .key("consultations/departement-13/" + consultation + "/documents/dce/Rapport d'analyse.pdf"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("%PDF-1.4 rapport"));
        console.button("Importer un fichier depuis l'espace documentaire de la consultation").click();
        console.button("Joindre Rapport d'analyse.pdf").click();
        console.sees("Pièce jointe « Rapport d'analyse.pdf » ajoutée depuis l'espace documentaire.");
        console.sees("100 % — Joint");
        console.button("Envoyer le courrier").click();
        assertTrue(console.confirm().contains("1 destinataire(s)"));
        console.until(d -> console.status(candidate).equals("Délivré"));
    }

    @Test
    void a_dce_change_reported_by_the_platform_opens_as_a_modification_draft_with_its_pieces() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String consultation = newConsultation(suffix);
        String key = "consultations/departement-13/" + consultation + "/documents/dce/CCTP - rev2.pdf";
        runtime.system().s3().putObject(r -> r.bucket(runtime.system().resources().bucketName("FilesBucket")).key(key),
                software.amazon.awssdk.core.sync.RequestBody.fromString("%PDF-1.4 CCTP"));
        // The platform's link, in the agent's browser: the draft is prepared with the agent's token, then opened.
        console.signInAs("Alice MARTIN", "#/consultations/" + consultation + "/modification-dce?remplacee="
                + java.net.URLEncoder.encode("dce/CCTP - rev2.pdf", StandardCharsets.UTF_8).replace("+", "%20"));
        console.until(d -> d.findElements(By.cssSelector(".chip")).size() == 2);
        assertTrue(browser.url().contains("/brouillons/"), "the draft's address replaced the link's: " + browser.url());
        assertEquals("Information de modification de la consultation",
                new Select(browser.find(By.id("type"))).getFirstSelectedOption().getText());
        console.sees("CCTP - rev2.pdf");
        console.sees("100 % — Joint");
        console.sees("Brouillon");
        JsonNode drafts = Json.MAPPER.readTree(api().get("/consultations/" + consultation + "/drafts",
                DevelopmentAgents.ALICE).getBody());
        assertEquals(1, drafts.path("total").asInt(), "one draft, prepared once");

        // A piece that is not in the document space: refused in French, and no draft.
        console.go("#/consultations/" + consultation + "/modification-dce?ajoutee=dce/absent.pdf");
        console.sees("Document introuvable dans l'espace documentaire de la consultation.");
        console.sees("Aucun brouillon n'a été préparé.");
        assertEquals(1, Json.MAPPER.readTree(api().get("/consultations/" + consultation + "/drafts",
                DevelopmentAgents.ALICE).getBody()).path("total").asInt());
    }

    @Test
    void filters_and_pages_over_sixty_letters_match_the_counts() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String consultation = newConsultation(suffix);
        for (int i = 0; i < 60; i++) {
            String type = i % 3 == 0 ? "REJET" : "COURRIER_LIBRE";
            String to = i < 3 ? "bounce+" + suffix + i + "@simulator.amazonses.com" : "oe" + i + "." + suffix + "@exemple.fr";
            String subject = i % 10 == 0 ? "Bordereau des prix n°" + i : "Courrier n°" + i;
            var draft = api().post("/consultations/" + consultation + "/letters", """
                    {"letterType": "%s", "subject": "%s", "recipients": {"addresses": "%s"}}"""
                    .formatted(type, subject, to), DevelopmentAgents.ALICE);
            assertEquals(201, draft.getStatusCode(), draft.getBody());
            String id = Json.MAPPER.readTree(draft.getBody()).path("id").asText();
            assertEquals(202, api().post("/letters/" + id + "/send", null, DevelopmentAgents.ALICE).getStatusCode());
        }
        console.signInAs("Alice MARTIN", "#/consultations/" + consultation + "/suivi");
        console.until(d -> browser.text().contains("Non délivré 3") && browser.text().contains("Délivré 57"));
        console.sees("Nombre de résultats : 60");
        console.sees("1 / 6");
        console.button("Page suivante").click();
        console.sees("2 / 6");
        console.button("Dernière page").click();
        console.sees("6 / 6");
        assertEquals(10, rows());
        new Select(browser.find(By.xpath("(//div[@class='pager']//select)[1]"))).selectByVisibleText("20");
        console.sees("1 / 3");
        // The pager counts with the new size at once; the rows follow with the API's answer.
        console.until(d -> rows() == 20);

        // Statut: the three bounces.
        browser.find(By.xpath("//label[contains(., 'Non délivré')]/input")).click();
        console.sees("Nombre de résultats : 3");
        assertEquals(3, rows());
        browser.find(By.xpath("//label[contains(., 'Non délivré')]/input")).click();
        console.sees("Nombre de résultats : 60");
        // Mots clés, type, destinataire.
        filter("Mots clés", "bordereau");
        console.sees("Nombre de résultats : 6");
        browser.find(By.xpath("//button[normalize-space(.)='Effacer les filtres']")).click();
        new Select(browser.find(By.xpath("//label[contains(., 'Type de message')]/select"))).selectByVisibleText("Courrier de rejet");
        console.button("Rechercher").click();
        console.sees("Nombre de résultats : 20");
        browser.find(By.xpath("//button[normalize-space(.)='Effacer les filtres']")).click();
        filter("Destinataires", "oe42." + suffix);
        console.sees("Nombre de résultats : 1");
        browser.find(By.xpath("//button[normalize-space(.)='Effacer les filtres']")).click();
        // Dates d'envoi: today holds them all, tomorrow none.
        String today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).toString();
        setValue("input[type=date]", today);
        console.button("Rechercher").click();
        console.sees("Nombre de résultats : 60");
        setValue("input[type=date]", java.time.LocalDate.parse(today).plusDays(1).toString());
        console.button("Rechercher").click();
        console.sees("Nombre de résultats : 0");
        browser.find(By.xpath("//button[normalize-space(.)='Effacer les filtres']")).click();
        console.sees("Nombre de résultats : 60");
        // Favourites: two stars, then the ★ filter.
        List<WebElement> stars = browser.driver().findElements(By.cssSelector("button.star"));
        stars.get(0).click();
        console.sees("Ajouté aux favoris.");
        browser.driver().findElements(By.cssSelector("button.star")).get(1).click();
        console.until(d -> d.findElements(By.cssSelector("button.star[aria-pressed=true]")).size() == 2);
        browser.find(By.xpath("//label[contains(., 'Favoris')]/input")).click();
        console.sees("Nombre de résultats : 2");
        assertEquals(2, rows());
        console.accessible("Suivi des messages filtré");
    }

    private int rows() {
        return browser.driver().findElements(By.cssSelector("table.tracking tbody tr")).size();
    }

    private void filter(String label, String value) {
        WebElement input = browser.find(By.xpath("//label[contains(., " + Browser.xpathLiteral(label) + ")]/input"));
        input.clear();
        input.sendKeys(value, Keys.ENTER);
    }

    @RegisterExtension
    final Browser company = Browser.withJavaScript();

    @Test
    void a_sealed_reply_stays_sealed_until_its_deadline_then_opening_it_marks_it_read_and_the_pdf_downloads()
            throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String consultation = newConsultation(suffix);
        String address = "repond." + suffix + "@exemple.fr";
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        var draft = api().post("/consultations/" + consultation + "/letters", """
                {"letterType": "DEMANDE_COMPLEMENT", "replyOptions": {"allowed": true, "deadline": "%s", "sealed": true},
                 "recipients": {"addresses": "%s"}}""".formatted(deadline, address), DevelopmentAgents.ALICE);
        assertEquals(201, draft.getStatusCode(), draft.getBody());
        String letterId = Json.MAPPER.readTree(draft.getBody()).path("id").asText();
        assertEquals(202, api().post("/letters/" + letterId + "/send", null, DevelopmentAgents.ALICE).getStatusCode());

        // The company, in its own browser, replies through the link of its email.
        new Console(company, runtime).until(d -> {
            company.open(runtime.baseUrl() + "/_mailbox");
            return !d.findElements(By.xpath("//tr[contains(., '" + address + "')]//a")).isEmpty();
        });
        company.clickAndWait(company.find(By.xpath("//tr[contains(., '" + address + "')]//a")));
        company.driver().switchTo().frame(company.find(By.tagName("iframe")));
        company.clickAndWait(company.find(By.linkText("Accéder au contenu du message")));
        company.click("Accéder au contenu du courrier");
        company.find(By.id("reply-body")).sendKeys("Voici nos précisions confidentielles.");
        company.click("Envoyer la réponse");
        assertTrue(company.text().contains("Votre réponse a été envoyée."), company.text());

        console.signInAs("Alice MARTIN", "#/consultations/" + consultation + "/suivi");
        console.until(d -> console.status(address).equals("Réponse non lue"));
        assertTrue(console.row(address).getText().contains("Le contenu de la réponse sera accessible après le"));
        assertFalse(browser.text().contains("confidentielles"), "nothing of the sealed reply in the list");
        console.link("Détail de l'échange : Réf. CONS-" + suffix + " - Demande de complément relative à votre offre ("
                + address + ")").click();
        console.sees("Le contenu de la réponse sera accessible après le");
        assertFalse(browser.text().contains("confidentielles"), "nothing of the sealed reply in the thread");
        assertTrue(browser.text().contains("Réponse non lue"), "opening a sealed reply does not read it");
        console.accessible("Détail des échanges (réponse scellée)");

        while (java.time.Instant.now().isBefore(deadline.plusSeconds(1))) {
            Thread.sleep(250);
        }
        browser.driver().navigate().refresh();
        console.sees("Voici nos précisions confidentielles.");
        console.sees("La réponse est marquée « Réponse lue ».");
        console.sees("Réponse lue");
        console.screenshots("thread-reply");
        String deliveryId = browser.url().substring(browser.url().lastIndexOf('/') + 1);
        String fileName = Json.MAPPER.readTree(api().get("/deliveries/" + deliveryId + "/proof",
                DevelopmentAgents.ALICE).getBody()).path("fileName").asText();
        console.button("Télécharger au format PDF").click();
        byte[] pdf = Files.readAllBytes(browser.downloaded(fileName));
        assertEquals("%PDF", new String(pdf, 0, 4, StandardCharsets.US_ASCII));

        // The link disabled from the thread: an event of the exchange, the status unchanged, the company locked out.
        console.button("Désactiver le lien d'accès").click();
        assertTrue(console.confirm().contains(address));
        console.sees("Le lien d'accès est désactivé.");
        console.until(d -> d.findElements(By.xpath("//button[normalize-space(.)=\"Désactiver le lien d'accès\"]"))
                .isEmpty());
        assertTrue(browser.text().contains("Lien d'accès désactivé par Alice MARTIN"), browser.text());
        company.driver().switchTo().defaultContent();
        company.open(runtime.baseUrl() + "/_mailbox");
        company.clickAndWait(company.find(By.xpath("//tr[contains(., '" + address + "')]//a")));
        company.driver().switchTo().frame(company.find(By.tagName("iframe")));
        company.clickAndWait(company.find(By.linkText("Accéder au contenu du message")));
        assertTrue(company.text().contains("Lien invalide ou expiré"), company.text());

        console.go("#/consultations/" + consultation + "/suivi");
        console.until(d -> console.status(address).equals("Réponse lue"));
    }
}
