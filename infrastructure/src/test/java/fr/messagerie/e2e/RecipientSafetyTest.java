package fr.messagerie.e2e;

import fr.messagerie.domain.Hashes;
import fr.messagerie.infrastructure.LocalAwsExtension;
import fr.messagerie.infrastructure.LocalSystem;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cross-site forms, revoked links, and the company's history across letters of one consultation. */
@ExtendWith(LocalAwsExtension.class)
class RecipientSafetyTest {
    private final LocalSystem system;
    private final AgentApi agent;

    RecipientSafetyTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
    }

    @Test
    void a_form_posted_from_another_site_or_without_its_cookie_records_nothing() {
        String company = Mail.address("csrf");
        String letterId = send(agent.newConsultation(), "COURRIER_LIBRE", company);
        String link = link(letterId, company);
        RecipientBrowser victim = new RecipientBrowser(system.api());
        Element open = victim.get(link).html().selectFirst("form[method=post]");

        RecipientBrowser attacker = new RecipientBrowser(system.api());
        RecipientBrowser.Page forged = attacker.submit(open, Map.of());
        assertEquals(403, forged.status(), "another browser has not the cookie");
        var crossSite = system.api().call("POST", open.attr("action"), "csrf=" + open.selectFirst("input[name=csrf]")
                .attr("value"), Map.of("content-type", "application/x-www-form-urlencoded",
                "origin", "https://malveillant.example"), null);
        assertEquals(403, crossSite.getStatusCode(), "a cross-site origin is refused");
        assertEquals("En cours d'envoi", status(letterId));

        assertEquals(303, victim.submit(open, Map.of()).status());
        assertEquals("Lu par le destinataire", status(letterId));
    }

    @Test
    void a_revoked_link_gets_the_invalid_link_page() {
        String company = Mail.address("revoque");
        String letterId = send(agent.newConsultation(), "COURRIER_LIBRE", company);
        String link = link(letterId, company);
        RecipientBrowser browser = new RecipientBrowser(system.api());
        assertEquals(200, browser.get(link).status());
        system.dynamoDb().updateItem(r -> r.tableName(system.resources().tableName("MessagerieTable"))
                .key(Map.of("PK", AttributeValue.fromS("TOKEN#" + Hashes.sha256(link.substring(3))),
                        "SK", AttributeValue.fromS("A")))
                .updateExpression("SET revokedAt = :now")
                .expressionAttributeValues(Map.of(":now", AttributeValue.fromS("2026-11-22T10:00:00Z"))));
        RecipientBrowser.Page revoked = browser.get(link);
        assertEquals(404, revoked.status());
        assertTrue(revoked.text().contains("Lien invalide ou expiré"));
    }

    @Test
    void the_history_lists_the_companys_letters_on_the_consultation_and_opens_each() {
        String consultation = agent.newConsultation();
        String company = Mail.address("historique");
        String first = send(consultation, "DEMANDE_COMPLEMENT", company);
        String second = send(consultation, "ATTRIBUTION", company);
        send(consultation, "REJET", Mail.address("concurrent"));
        String firstLink = link(first, company);
        RecipientBrowser browser = new RecipientBrowser(system.api());
        browser.submit(browser.get(firstLink).html().selectFirst("form[method=post]"), Map.of());

        RecipientBrowser.Page history = browser.get(firstLink + "/history");
        assertEquals(200, history.status());
        assertTrue(history.text().contains("Nombre de résultats : 2"), history.text());
        assertTrue(history.text().contains("Courrier d'attribution"));
        assertTrue(history.text().contains("En attente de lecture"));
        assertTrue(history.text().contains("Lu le"));
        assertFalse(history.text().contains("Courrier de rejet"), "another company's letter is not listed");

        Element toSecond = history.html().select("a").stream()
                .filter(a -> a.text().contains("Courrier d'attribution")).findFirst().orElse(null);
        assertNotNull(toSecond, history.html().html());
        RecipientBrowser.Page landing = browser.get(toSecond.attr("href"));
        assertEquals(200, landing.status());
        assertEquals("En cours d'envoi", status(second), "the landing page records nothing");
        browser.submit(landing.html().selectFirst("form[method=post]"), Map.of());
        assertEquals("Lu par le destinataire", status(second), "opened through the history, receipt recorded");

        String other = agent.letter(send(agent.newConsultation(), "COURRIER_LIBRE", company)).path("deliveries").get(0)
                .path("id").asText();
        assertEquals(404, browser.get(firstLink + "?courrier=" + other).status(),
                "the link does not reach the company's letters on another consultation");
    }

    private String send(String consultation, String type, String address) {
        String letterId = agent.createDraft(consultation, "{\"letterType\": \"" + type
                + "\", \"recipients\": {\"addresses\": \"" + address + "\"}}").path("id").asText();
        agent.send(letterId);
        system.sqs().drain("SendFunction");
        return letterId;
    }

    private String link(String letterId, String address) {
        return Mail.accessLink(Mail.ofLetter(system, agent.letter(letterId)).stream()
                .filter(m -> m.to().contains(address)).findFirst().orElseThrow());
    }

    private String status(String letterId) {
        return agent.letter(letterId).path("deliveries").get(0).path("statusLabel").asText();
    }
}
