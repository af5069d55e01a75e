package fr.messagerie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import fr.messagerie.sam.SesEventKind;
import fr.messagerie.servers.SentEmail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detail of one exchange, reading a reply, and resending an undelivered letter. */
@ExtendWith(LocalAwsExtension.class)
class ThreadAndResendTest {
    private final LocalSystem system;
    private final AgentApi agent;

    ThreadAndResendTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
    }

    @Test
    void the_thread_shows_every_event_and_the_reply_is_read_once() throws Exception {
        String company = Mail.address("gregory");
        JsonNode letter = agent.send(agent.createDraft(agent.newConsultation(), """
                {"letterType": "DEMANDE_COMPLEMENT", "recipients": {"addresses": "%s"}}""".formatted(company))
                .path("id").asText());
        system.sqs().drain("SendFunction");
        SentEmail mail = Mail.ofLetter(system, letter).get(0);
        system.sesEvents().simulate(mail);
        system.sqs().drain("SesEventsFunction");
        RecipientBrowser browser = new RecipientBrowser(system.api());
        String link = Mail.accessLink(mail);
        RecipientBrowser.Page content = browser.follow(browser.submit(
                browser.get(link).html().selectFirst("form[method=post]"), Map.of()));
        browser.submit(content.html().selectFirst("form:has(textarea[name=body])"),
                Map.of("body", "Bonjour,\nVoici les éléments demandés."));

        String deliveryId = letter.path("deliveries").get(0).path("id").asText();
        JsonNode thread = AgentApi.expect(200, agent.http().get("/deliveries/" + deliveryId, AgentApi.ALICE));
        assertEquals("Réponse non lue", thread.path("statusLabel").asText());
        assertEquals(List.of("Envoi du courrier", "Courrier délivré", "Courrier lu par le destinataire",
                "Réponse du destinataire"), labels(thread));
        assertEquals(List.of("Alice MARTIN", "Technique", company, company), actors(thread));
        thread.path("events").forEach(e -> assertTrue(e.path("atLabel").asText()
                .matches("\\d{2}/\\d{2}/\\d{4} - \\d{2}:\\d{2}:\\d{2}")));
        assertTrue(thread.path("reply").path("body").asText().contains("Voici les éléments demandés."));
        assertTrue(thread.path("body").asText().contains("Après analyse"));
        try (DynamoRequests requests = DynamoRequests.of(system, "TrackingFunction")) {
            assertEquals(thread, AgentApi.expect(200, agent.http().get("/deliveries/" + deliveryId, AgentApi.ALICE)));
            requests.take();
            AgentApi.expect(200, agent.http().get("/deliveries/" + deliveryId, AgentApi.ALICE));
            assertEquals(List.of("Query", "Query"), requests.take(),
                    "one Query of the delivery's partition (delivery, events, reply), one of its letter's (files)");
        }

        JsonNode read = AgentApi.expect(200, agent.http().post("/deliveries/" + deliveryId + "/reply-read", null,
                AgentApi.ALICE));
        assertEquals("Réponse lue", read.path("statusLabel").asText());
        AgentApi.expect(200, agent.http().post("/deliveries/" + deliveryId + "/reply-read", null, AgentApi.ALICE));
        JsonNode twice = AgentApi.expect(200, agent.http().get("/deliveries/" + deliveryId, AgentApi.ALICE));
        assertEquals(1, labels(twice).stream().filter("Réponse lue"::equals).count(), "read once");
        assertEquals("Alice MARTIN", actors(twice).get(labels(twice).indexOf("Réponse lue")), "by whom");
        assertEquals("Réponse lue", agent.letter(letter.path("id").asText()).path("deliveries").get(0)
                .path("statusLabel").asText());
    }

    @Test
    void only_an_undelivered_letter_is_resent_and_the_new_attempt_has_its_own_events() {
        String flaky = Mail.address("boite.pleine");
        String fine = Mail.address("sans.souci");
        JsonNode letter = agent.send(agent.createDraft(agent.newConsultation(), """
                {"letterType": "COURRIER_LIBRE", "recipients": {"addresses": "%s %s"}}""".formatted(flaky, fine))
                .path("id").asText());
        system.sqs().drain("SendFunction");
        SentEmail first = system.mailbox().sentTo(flaky).get(0);
        system.sesEvents().publish(SesEventKind.SOFT_BOUNCE, first.messageId(), flaky, first.tags(), Instant.now());
        system.sesEvents().simulate(system.mailbox().sentTo(fine).get(0));
        system.sqs().drain("SesEventsFunction");
        String flakyId = Mail.deliveryTo(agent.letter(letter.path("id").asText()), flaky).path("id").asText();
        String fineId = Mail.deliveryTo(agent.letter(letter.path("id").asText()), fine).path("id").asText();

        AgentApi.expectProblem(409, "resend-not-allowed",
                agent.http().post("/deliveries/" + fineId + "/resend", null, AgentApi.ALICE));
        JsonNode resent = AgentApi.expect(202, agent.http().post("/deliveries/" + flakyId + "/resend", null,
                AgentApi.ALICE));
        assertEquals("En cours d'envoi", resent.path("statusLabel").asText(), "a new attempt starts");
        AgentApi.expectProblem(409, "resend-not-allowed",
                agent.http().post("/deliveries/" + flakyId + "/resend", null, AgentApi.ALICE));
        system.sqs().drain("SendFunction");
        List<SentEmail> attempts = system.mailbox().sentTo(flaky);
        assertEquals(2, attempts.size(), "the same letter again");
        SentEmail second = attempts.stream().filter(m -> "2".equals(m.tags().get("attempt"))).findFirst()
                .orElseThrow();
        system.sesEvents().simulate(second);
        system.sqs().drain("SesEventsFunction");

        JsonNode thread = AgentApi.expect(200, agent.http().get("/deliveries/" + flakyId, AgentApi.ALICE));
        assertEquals("Délivré", thread.path("statusLabel").asText(), "the projection follows the latest attempt");
        assertEquals(List.of("Envoi du courrier", "Courrier non délivré", "Relance du courrier", "Envoi du courrier",
                "Courrier délivré"), labels(thread));
        List<Integer> attemptsOfEvents = new ArrayList<>();
        thread.path("events").forEach(e -> attemptsOfEvents.add(e.path("attempt").asInt()));
        assertEquals(List.of(1, 1, 2, 2, 2), attemptsOfEvents);
    }

    @Test
    void an_undelivered_letter_is_resent_to_a_corrected_address_as_a_linked_delivery() {
        String wrong = "gregory@atexo-fautive.example";
        JsonNode letter = agent.send(agent.createDraft(agent.newConsultation(), """
                {"letterType": "COURRIER_LIBRE", "recipients": {"contacts": [{"email": "%s", "name": "DUPONT Gregory",
                 "company": "ATEXO"}]}}""".formatted(wrong)).path("id").asText());
        system.sqs().drain("SendFunction");
        String letterId = letter.path("id").asText();
        String wrongId = letter.path("deliveries").get(0).path("id").asText();
        SentEmail bounced = Mail.ofLetter(system, letter).get(0);
        system.sesEvents().publish(SesEventKind.HARD_BOUNCE, bounced.messageId(), wrong, bounced.tags(), Instant.now());
        system.sqs().drain("SesEventsFunction");

        String corrected = Mail.address("gregory.corrige");
        AgentApi.expectProblem(400, "invalid-recipient-address", agent.http().post("/deliveries/" + wrongId
                + "/resend", "{\"email\": \"pas-une-adresse\"}", AgentApi.ALICE));
        JsonNode correction = AgentApi.expect(202, agent.http().post("/deliveries/" + wrongId + "/resend",
                "{\"email\": \"" + corrected + "\"}", AgentApi.ALICE));
        assertEquals(wrongId, correction.path("correctionOf").asText());
        assertEquals("DUPONT Gregory", correction.path("recipient").path("name").asText());
        system.sqs().drain("SendFunction");
        assertEquals(1, system.mailbox().sentTo(corrected).size());
        JsonNode after = agent.letter(letterId);
        assertEquals("Non délivré", Mail.deliveryTo(after, wrong).path("statusLabel").asText());
        assertEquals("En cours d'envoi", Mail.deliveryTo(after, corrected).path("statusLabel").asText());
    }

    private static List<String> labels(JsonNode thread) {
        List<String> labels = new ArrayList<>();
        thread.path("events").forEach(e -> labels.add(e.path("label").asText()));
        return labels;
    }

    private static List<String> actors(JsonNode thread) {
        List<String> actors = new ArrayList<>();
        thread.path("events").forEach(e -> actors.add(e.path("actor").asText()));
        return actors;
    }
}
