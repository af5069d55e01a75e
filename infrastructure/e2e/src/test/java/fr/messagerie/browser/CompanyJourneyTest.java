package fr.messagerie.browser;

import com.sun.net.httpserver.HttpServer;
import fr.messagerie.local.Eventually;
import fr.messagerie.local.LocalRuntime;
import fr.messagerie.local.LocalRuntimeExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The company's journey in a real browser, from the link in its email to its reply, against the local runtime:
 * the same test with JavaScript on (where every page also goes through axe and the 375 px reflow check) and off.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(LocalRuntimeExtension.class)
abstract class CompanyJourneyTest {

    private static final int PHONE_WIDTH = 375;
    private static final String FILE_NAME = "ADO-2207-2020 - Compléments - rev1.0.xls";

    @RegisterExtension
    final Browser browser = javascript() ? Browser.withJavaScript() : Browser.withoutJavaScript();

    private CompanyJourney agent;

    abstract boolean javascript();

    @BeforeAll
    void start(LocalRuntime runtime) {
        agent = new CompanyJourney(runtime);
    }

    @Test
    void from_the_mailbox_link_the_company_opens_downloads_and_replies_with_a_file(@TempDir Path files)
            throws IOException {
        String company = CompanyJourney.companyAddress();
        byte[] letterFile = ("Compléments demandés " + company).repeat(200).getBytes(StandardCharsets.UTF_8);
        agent.sendLetterWithFile(company, FILE_NAME, letterFile);
        agent.awaitStatus(company, "Délivré");

        // The mailbox, then the email's own link, clicked inside the email as a mail client shows it.
        browser.open(agent.baseUrl() + "/_mailbox");
        browser.clickAndWait(browser.find(By.xpath("//tr[contains(., '" + company + "')]//a")));
        browser.driver().switchTo().frame(browser.find(By.tagName("iframe")));
        WebElement link = browser.find(By.linkText("Accéder au contenu du message"));
        browser.clickAndWait(link);

        assertTrue(browser.url().startsWith(agent.baseUrl() + "/r/"), browser.url());
        assertTrue(browser.text().contains("Accéder au contenu du courrier"), browser.text());
        assertFalse(browser.text().contains("Compléments demandés"), "nothing of the letter before opening");
        assertTrue(browser.driver().findElements(By.partialLinkText(FILE_NAME)).isEmpty(), "no file either");
        checkPage("landing page");
        assertEquals("Délivré", agent.status(company), "the landing page records nothing");

        browser.click("Accéder au contenu du courrier");
        assertTrue(browser.text().contains("Courrier lu par le destinataire"), browser.text());
        agent.awaitStatus(company, "Lu par le destinataire");
        checkPage("content page");

        browser.find(By.linkText(FILE_NAME)).click();
        assertArrayEquals(letterFile, Files.readAllBytes(browser.downloaded(FILE_NAME)), "the file as sent");

        if (javascript()) {
            Path tooLarge = files.resolve("offre-trop-volumineuse.zip");
            try (RandomAccessFile sparse = new RandomAccessFile(tooLarge.toFile(), "rw")) {
                sparse.setLength(61L * 1024 * 1024);
            }
            String before = browser.url();
            browser.find(By.id("reply-file")).sendKeys(tooLarge.toString());
            browser.find(By.xpath("//button[normalize-space(.)='Joindre le fichier']")).click();
            WebElement error = browser.find(By.id("reply-file-error"));
            assertTrue(error.isDisplayed(), "the refusal is shown before anything is sent");
            assertEquals("Le fichier « offre-trop-volumineuse.zip » (61 Mo) dépasse la taille maximale des pièces"
                    + " jointes de la réponse : 60 Mo au total. Choisissez un fichier plus petit.", error.getText());
            assertEquals(before, browser.url(), "the page stayed; the bucket was not asked");
            checkPage("content page with a refused file");
        } else {
            assertEquals("Taille maximale : 60 Mo pour l'ensemble des pièces jointes de la réponse.",
                    browser.find(By.id("reply-file-hint")).getText());
        }

        Path replyFile = files.resolve("ADO-2207-2020 - Compléments - rev2.0.pdf");
        Files.writeString(replyFile, "%PDF-1.4 réponse de " + company);
        browser.find(By.id("reply-file")).sendKeys(replyFile.toString());
        browser.click("Joindre le fichier");
        assertTrue(browser.text().contains("Le fichier a été joint à votre réponse."), browser.text());
        // S3 expands ${filename} in every form field; s3proxy only in the key, which is now exact: without the
        // page's script, the local bucket cannot keep the name.
        String joinedName = javascript() ? "ADO-2207-2020 - Compléments - rev2.0.pdf" : "fichier";
        assertTrue(browser.driver().findElements(By.cssSelector("ul.files li")).stream()
                .anyMatch(line -> line.getText().startsWith(joinedName + " (")), browser.text());
        checkPage("content page with a reply file");

        browser.find(By.id("reply-body")).sendKeys("Bonjour,\nVous trouverez les éléments demandés en pièce jointe.");
        browser.click("Envoyer la réponse");
        assertTrue(browser.text().contains("Votre réponse a été envoyée."), browser.text());
        agent.awaitStatus(company, "Réponse non lue");
        checkPage("content page after the reply");

        browser.click("Vos autres échanges sur cette consultation");
        String history = browser.text();
        assertTrue(history.contains("Liste des messages"), history);
        assertTrue(history.matches("(?s).*Envoyé le \\d\\d/\\d\\d/\\d{4} - \\d\\d:\\d\\d:\\d\\d.*"), history);
        assertTrue(history.contains("Lu le ") && history.contains("Répondu le "), history);
        checkPage("history page");
    }

    @Test
    void both_emails_are_accessible_and_readable_on_a_phone() {
        String linkCompany = CompanyJourney.companyAddress();
        agent.sendLetterWithFile(linkCompany, FILE_NAME, "x".getBytes(StandardCharsets.UTF_8));
        String simpleCompany = CompanyJourney.companyAddress();
        agent.sendSimpleLetterWithFile(simpleCompany, FILE_NAME, "y".getBytes(StandardCharsets.UTF_8));

        openHtmlEmail(linkCompany);
        assertTrue(browser.text().contains("Accéder au contenu du message"), browser.text());
        checkPage("HTML email with the access link");
        openHtmlEmail(simpleCompany);
        assertTrue(browser.text().contains("Consultation concernée par cet échange"), browser.text());
        checkPage("simple HTML email");
    }

    @Test
    void a_form_posted_from_another_site_is_refused_and_records_nothing() throws IOException {
        String company = CompanyJourney.companyAddress();
        agent.sendLetterWithFile(company, FILE_NAME, "x".getBytes(StandardCharsets.UTF_8));
        agent.awaitStatus(company, "Délivré");
        browser.open(agent.baseUrl() + "/_mailbox");
        browser.clickAndWait(browser.find(By.xpath("//tr[contains(., '" + company + "')]//a")));
        String access = browser.find(By.xpath("//ul/li/a[contains(@href, '/r/')]")).getAttribute("href");
        browser.open(access);
        WebElement form = browser.find(By.xpath("//form[@method='post']"));
        String action = form.getDomProperty("action");
        // Even with the form's own token (leaked, say), a post from another site must not count as a receipt.
        String csrf = form.findElement(By.name("csrf")).getDomProperty("value");

        // 127.0.0.1 is another site than localhost for the browser: its cookies and Origin say so.
        HttpServer attacker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        attacker.createContext("/", exchange -> {
            byte[] page = ("<!DOCTYPE html><html lang=\"fr\"><head><title>Gagnez</title></head><body>"
                    + "<form method=\"post\" action=\"" + action + "\"><input type=\"hidden\" name=\"csrf\" value=\""
                    + csrf + "\"><button type=\"submit\">Voir le résultat</button></form></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        attacker.start();
        try {
            browser.open("http://127.0.0.1:" + attacker.getAddress().getPort() + "/");
            browser.click("Voir le résultat");
        } finally {
            attacker.stop(0);
        }
        assertTrue(browser.text().contains("Action refusée"), browser.text());
        checkPage("refusal page");
        assertEquals("Délivré", agent.status(company), "no read receipt from another site");

        browser.open(access);
        browser.click("Accéder au contenu du courrier");
        agent.awaitStatus(company, "Lu par le destinataire");
    }

    @Test
    void an_invalid_link_gets_the_french_page() {
        browser.open(agent.baseUrl() + "/r/" + "A".repeat(43));
        assertTrue(browser.text().contains("Lien invalide ou expiré"), browser.text());
        checkPage("invalid link page");
    }

    /** The HTML version of the email to this address, alone, as a mail client shows it. */
    private void openHtmlEmail(String address) {
        WebElement row = Eventually.eventually("the mail to " + address, () -> {
            browser.open(agent.baseUrl() + "/_mailbox");
            return browser.driver().findElements(By.xpath("//tr[contains(., '" + address + "')]//a")).stream()
                    .findFirst();
        });
        browser.clickAndWait(row);
        browser.click("Ouvrir la version HTML seule");
    }

    /** Every page: axe's WCAG 2.1 A/AA rules (where the page runs scripts), and no sideways scroll at 375 px. */
    private void checkPage(String what) {
        if (javascript()) {
            List<String> violations = Axe.violations(browser);
            assertEquals(List.of(), violations, what + " has accessibility violations");
        }
        long width = browser.documentWidthAt(PHONE_WIDTH);
        assertTrue(width <= PHONE_WIDTH, what + " is " + width + " px wide at " + PHONE_WIDTH + " px");
        assertNotEquals("", browser.text());
    }
}
