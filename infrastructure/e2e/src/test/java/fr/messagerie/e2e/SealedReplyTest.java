package fr.messagerie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.attachments.AttachmentsHandler;
import fr.messagerie.common.ParisTime;
import fr.messagerie.compose.Compose;
import fr.messagerie.compose.ComposeHandler;
import fr.messagerie.recipient.RecipientHandler;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replies sealed until their deadline, and the deadline itself, with the clock moved past it. */
@ExtendWith(LocalAwsExtension.class)
class SealedReplyTest {
    private final LocalSystem system;
    private final AgentApi agent;

    SealedReplyTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
    }

    @Test
    void a_sealed_reply_stays_hidden_from_agents_until_the_deadline() throws Exception {
        Instant deadline = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        String letterId = sendWithReply(deadline, true);
        String link = link(letterId);
        RecipientBrowser browser = new RecipientBrowser(system.api());
        RecipientBrowser.Page content = browser.follow(browser.submit(
                browser.get(link).html().selectFirst("form[method=post]"), Map.of()));
        byte[] offer = "Offre chiffrée : 125 000 € HT".getBytes(StandardCharsets.UTF_8);
        var uploaded = browser.upload(content.html().selectFirst("form[enctype=multipart/form-data]"),
                "Offre.pdf", offer);
        RecipientBrowser.Page withFile = browser.follow(browser.get(uploaded.headers().firstValue("Location")
                .orElseThrow()));
        Element replyForm = withFile.html().selectFirst("form:has(textarea[name=body])");
        assertEquals(303, browser.submit(replyForm, Map.of("body", "Notre prix : 125 000 € HT")).status());

        JsonNode sealed = agent.letter(letterId).path("deliveries").get(0);
        assertEquals("Réponse non lue", sealed.path("statusLabel").asText());
        JsonNode reply = sealed.path("reply");
        assertTrue(reply.path("sealed").asBoolean());
        assertFalse(reply.has("body"), "no body before the deadline");
        assertEquals(0, reply.path("files").size(), "no files before the deadline");
        assertEquals("Le contenu de la réponse sera accessible après le " + ParisTime.deadline(deadline) + ".",
                reply.path("sealedNotice").asText());
        assertFalse(agent.letter(letterId).toString().contains("125 000"), "nowhere in the agent's view");
        String deliveryId = sealed.path("id").asText();
        String fileId = fileId(deliveryId);
        AgentApi.expectProblem(403, "reply-sealed", agent.http().get("/deliveries/" + deliveryId + "/reply-files/"
                + fileId, AgentApi.ALICE));

        Clock afterDeadline = Clock.fixed(deadline.plus(1, ChronoUnit.MINUTES), ZoneOffset.UTC);
        try (AutoCloseable compose = system.functions().replace("ComposeFunction", new ComposeHandler(
                Compose.fromEnv(system.functionEnv("ComposeFunction"), UnaryOperator.identity(), afterDeadline)));
             AutoCloseable files = system.functions().replace("AttachmentsFunction",
                     new AttachmentsHandler(system.functionEnv("AttachmentsFunction"), afterDeadline))) {
            JsonNode open = agent.letter(letterId).path("deliveries").get(0).path("reply");
            assertFalse(open.path("sealed").asBoolean());
            assertTrue(open.path("body").asText().contains("Notre prix : 125 000 € HT"));
            assertEquals("Offre.pdf", open.path("files").get(0).path("fileName").asText());
            JsonNode download = AgentApi.expect(200, agent.http().get("/deliveries/" + deliveryId
                    + "/reply-files/" + fileId, AgentApi.ALICE));
            assertArrayEquals(offer, browser.download(download.path("url").asText()));
            AgentApi.expectProblem(404, "delivery-not-found", agent.http().get("/deliveries/" + deliveryId
                    + "/reply-files/" + fileId, AgentApi.BRUNO));
        }
    }

    @Test
    void a_reply_after_the_deadline_is_refused() throws Exception {
        Instant deadline = Instant.now().plus(1, ChronoUnit.HOURS);
        String letterId = sendWithReply(deadline, false);
        String link = link(letterId);
        RecipientBrowser browser = new RecipientBrowser(system.api());
        RecipientBrowser.Page content = browser.follow(browser.submit(
                browser.get(link).html().selectFirst("form[method=post]"), Map.of()));
        Element replyForm = content.html().selectFirst("form:has(textarea[name=body])");

        Clock late = Clock.fixed(deadline.plusSeconds(1), ZoneOffset.UTC);
        try (AutoCloseable recipient = system.functions().replace("RecipientFunction",
                new RecipientHandler(system.functionEnv("RecipientFunction"), late))) {
            RecipientBrowser.Page refused = browser.submit(replyForm, Map.of("body", "Trop tard"));
            assertEquals(409, refused.status());
            assertTrue(refused.text().contains("La date limite de réponse (" + ParisTime.deadline(deadline)
                    + ") est dépassée"), refused.text());
            RecipientBrowser.Page page = browser.get(link);
            assertTrue(page.html().select("textarea").isEmpty(), "no reply form any more");
            assertTrue(page.html().select("form[enctype=multipart/form-data]").isEmpty());
        }
        assertEquals("Lu par le destinataire", agent.letter(letterId).path("deliveries").get(0)
                .path("statusLabel").asText());
    }

    private String sendWithReply(Instant deadline, boolean sealed) {
        String letterId = agent.createDraft(agent.newConsultation(), """
                {"letterType": "DEMANDE_COMPLEMENT",
                 "replyOptions": {"allowed": true, "deadline": "%s", "sealed": %s},
                 "recipients": {"addresses": "%s"}}""".formatted(deadline, sealed, Mail.address("scelle")))
                .path("id").asText();
        agent.send(letterId);
        system.sqs().drain("SendFunction");
        return letterId;
    }

    private String link(String letterId) {
        return Mail.accessLink(Mail.ofLetter(system, agent.letter(letterId)).get(0));
    }

    private String fileId(String deliveryId) {
        var items = system.dynamoDb().query(r -> r.tableName(system.resources().tableName("MessagerieTable"))
                .keyConditionExpression("PK = :pk AND SK = :reply")
                .expressionAttributeValues(Map.of(":pk", av("DLV#" + deliveryId), ":reply", av("REPLY")))).items();
        String data = items.get(0).get("data").s();
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(data);
        assertTrue(id.find(), data);
        return id.group(1);
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue av(String value) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(value);
    }
}
