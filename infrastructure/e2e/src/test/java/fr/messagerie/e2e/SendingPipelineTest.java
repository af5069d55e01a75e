package fr.messagerie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.aws.DynamoDeliveryLog;
import fr.messagerie.common.Hashes;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.EventType;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import fr.messagerie.sam.SesEventKind;
import fr.messagerie.sam.SqsDrainReport;
import fr.messagerie.servers.SentEmail;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Draft → send → emails in the SES server → SES events → statuses, through the real handlers. */
@ExtendWith(LocalAwsExtension.class)
class SendingPipelineTest {
    private static final String BOUNCE = "bounce@simulator.amazonses.com";
    private static final String COMPLAINT = "complaint@simulator.amazonses.com";
    private static final String COMPLAINT_LABEL =
            "Courrier signalé comme indésirable par le destinataire (courrier non sollicité ou abusif)";

    private final LocalSystem system;
    private final AgentApi agent;

    SendingPipelineTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
    }

    @Test
    void a_simple_letter_reaches_three_recipients_and_their_statuses_follow_ses() {
        String consultation = agent.newConsultation();
        String julie = Mail.address("julie.bernard");
        JsonNode draft = agent.createDraft(consultation, """
                {"letterType": "COURRIER_LIBRE", "sendMode": "SIMPLE",
                 "body": "<p>Bonjour,</p><p>Vous trouverez <strong>ci-joint</strong> les documents évoqués :</p><ul><li>Le modèle de bordereau des prix ;</li><li>Le règlement de la consultation.</li></ul><script>alert('xss')</script>",
                 "recipients": {"addresses": "%s, %s", "registers": ["DEPOSITS"]}}
                """.formatted(julie, BOUNCE));
        String letterId = draft.path("id").asText();
        assertEquals("Brouillon", draft.path("statusLabel").asText());
        assertEquals(3, draft.path("recipients").size());
        assertFalse(draft.path("body").asText().contains("script"), "the body is sanitized when saved");

        JsonNode edited = AgentApi.expect(200, agent.http().put("/letters/" + letterId, """
                {"subject": "Réf. ADO-2207-2020 - Transmission des documents évoqués précédemment « v2 » €"}
                """, AgentApi.ALICE));
        assertEquals(2, edited.path("version").asLong());

        JsonNode sent = agent.send(letterId);
        assertEquals("SENT", sent.path("state").asText());
        assertEquals(3, sent.path("deliveries").size());
        sent.path("deliveries").forEach(d -> assertEquals("En cours d'envoi", d.path("statusLabel").asText()));

        SqsDrainReport dispatch = system.sqs().drain("SendFunction");
        assertEquals(0, dispatch.failureCount(), () -> "dispatch errors " + dispatch.errors());
        List<SentEmail> mails = Mail.ofLetter(system, sent);
        assertEquals(Set.of(julie, BOUNCE, "paul.fournier@forpro.example"),
                new HashSet<>(mails.stream().flatMap(m -> m.to().stream()).toList()));
        for (SentEmail mail : mails) {
            assertEquals(1, mail.to().size(), "one recipient per email: nobody sees the others");
            assertEquals("Réf. ADO-2207-2020 - Transmission des documents évoqués précédemment « v2 » €",
                    mail.subject());
            assertEquals("nepasrepondre@messagerie.local", mail.from());
            assertTrue(mail.configurationSetName() != null && !mail.configurationSetName().isBlank());
            assertTrue(mail.html().contains("Vous trouverez <strong>ci-joint</strong> les documents évoqués :"));
            assertTrue(mail.html().contains("<li>Le modèle de bordereau des prix ;</li>"));
            assertFalse(mail.html().contains("<script"));
            assertTrue(mail.html().contains("Consultation concernée par cet échange"));
            assertTrue(mail.html().contains("ADO-2207-2020"));
            assertTrue(mail.html().contains("31/07/2030 17:30"), "deadline in Paris time");
            assertTrue(mail.text().contains("- Le modèle de bordereau des prix ;"), mail.text());
            assertTrue(mail.text().contains("Achat de matériel informatique"));
        }

        mails.forEach(mail -> system.sesEvents().simulate(mail));
        SqsDrainReport events = system.sqs().drain("SesEventsFunction");
        assertEquals(0, events.failureCount(), () -> "event errors " + events.errors());

        JsonNode tracked = agent.letter(letterId);
        assertEquals("Délivré", Mail.deliveryTo(tracked, julie).path("statusLabel").asText());
        assertEquals("Délivré", Mail.deliveryTo(tracked, "paul.fournier@forpro.example").path("statusLabel").asText());
        JsonNode bounced = Mail.deliveryTo(tracked, BOUNCE);
        assertEquals("Non délivré", bounced.path("statusLabel").asText());
        assertTrue(bounced.path("nonDeliveryReason").asText().contains("rejet définitif"),
                bounced.path("nonDeliveryReason").asText());
        assertEquals(Map.of("DELIVERED", 2L, "NOT_DELIVERED", 1L), counts(tracked));

        List<DeliveryEvent> log = store().events(bounced.path("id").asText());
        DeliveryEvent sentEvent = log.stream().filter(e -> e.type() == EventType.SENT).findFirst().orElseThrow();
        DeliveryEvent bounce = log.stream().filter(e -> e.type() == EventType.BOUNCED).findFirst().orElseThrow();
        String bouncedMessageId = mails.stream().filter(m -> m.to().contains(BOUNCE)).findFirst().orElseThrow()
                .messageId();
        assertEquals(bouncedMessageId, sentEvent.detail(DeliveryEvent.MESSAGE_ID));
        assertEquals(Hashes.sha256(tracked.path("body").asText()), sentEvent.detail("bodySha256"));
        assertEquals("Permanent", bounce.detail("bounceType"), "SES's own terms are kept");
        assertEquals("General", bounce.detail("bounceSubType"));

        JsonNode registers = AgentApi.expect(200, agent.http().get("/consultations/" + consultation + "/registers",
                AgentApi.ALICE));
        JsonNode free = registers.path("registers").get(4);
        assertEquals("FREE_RECIPIENTS", free.path("code").asText());
        assertEquals("Destinataires libres saisis précédemment", free.path("label").asText());
        Set<String> typed = new HashSet<>();
        free.path("contacts").forEach(c -> typed.add(c.path("email").asText()));
        assertEquals(Set.of(julie, BOUNCE), typed, "only typed addresses feed the free-recipients register");
    }

    @Test
    void an_access_link_letter_notifies_without_giving_its_content_away() {
        String consultation = agent.newConsultation();
        String first = Mail.address("premier");
        String second = Mail.address("second");
        JsonNode draft = agent.createDraft(consultation, """
                {"letterType": "DEMANDE_COMPLEMENT",
                 "replyOptions": {"allowed": true, "deadline": "2030-12-15T17:00:00+01:00", "sealed": true},
                 "recipients": {"addresses": "%s\\n%s"}}
                """.formatted(first, second));
        assertEquals("Réf. ADO-2207-2020 - Demande de complément relative à votre offre",
                draft.path("subject").asText());
        assertEquals("15/12/2030 17:00", draft.path("replyOptions").path("deadlineLabel").asText());
        JsonNode sent = agent.send(draft.path("id").asText());
        system.sqs().drain("SendFunction");

        List<SentEmail> mails = Mail.ofLetter(system, sent);
        assertEquals(2, mails.size());
        Set<String> tokens = new HashSet<>();
        Pattern link = Pattern.compile("http://localhost:8080/r/([A-Za-z0-9_-]+)");
        for (SentEmail mail : mails) {
            assertEquals("Réf. ADO-2207-2020 - Demande de complément relative à votre offre", mail.subject());
            assertTrue(mail.html().contains("Un message vous est envoyé concernant la consultation présentée ci-dessous."));
            assertTrue(mail.html().contains("Une réponse de votre part est attendue avant le 15/12/2030 17:00."));
            assertTrue(mail.html().contains("Accéder au contenu du message"));
            assertTrue(mail.html().contains("Consultation concernée par cet échange"));
            assertFalse(mail.html().contains("Après analyse"), "the letter's content stays behind the link");
            assertFalse(mail.text().contains("Après analyse"));
            Matcher matcher = link.matcher(mail.html());
            assertTrue(matcher.find(), mail.html());
            String token = matcher.group(1);
            assertTrue(token.length() >= 43, "at least 256 bits: " + token);
            assertTrue(mail.text().contains("http://localhost:8080/r/" + token));
            tokens.add(token);

            String deliveryId = mail.tag("deliveryId").orElseThrow();
            assertTrue(token.startsWith(deliveryId), "the token names its delivery");
            var stored = system.dynamoDb().getItem(r -> r.tableName(table()).key(Map.of(
                    "PK", av("DLV#" + deliveryId), "SK", av("A")))).item();
            assertEquals(1, stored.get("links").ss().stream()
                    .filter(entry -> entry.startsWith(Hashes.sha256(token) + "|")).count(),
                    "the token's hash is stored with its delivery");
            long rawCopies = system.dynamoDb().scanPaginator(r -> r.tableName(table())).items().stream()
                    .filter(item -> item.toString().contains(token)).count();
            assertEquals(0, rawCopies, "the token itself is stored nowhere");
        }
        assertEquals(2, tokens.size(), "one token per recipient");
    }

    @Test
    void replayed_reordered_and_contradictory_ses_events_end_in_the_right_status() {
        String consultation = agent.newConsultation();
        String early = Mail.address("delivre.puis.rejete");
        String late = Mail.address("retarde.puis.delivre");
        JsonNode sent = agent.send(agent.createDraft(consultation, """
                {"letterType": "COURRIER_LIBRE", "recipients": {"addresses": "%s %s %s"}}
                """.formatted(early, late, BOUNCE)).path("id").asText());
        system.sqs().drain("SendFunction");
        Map<String, SentEmail> mailTo = new HashMap<>();
        Mail.ofLetter(system, sent).forEach(m -> mailTo.put(m.to().get(0), m));

        var stream = system.sesEvents();
        Instant t = Instant.parse("2026-11-22T09:00:00Z");
        var published = List.of(
                stream.publish(SesEventKind.DELIVERY, mailTo.get(early).messageId(),
                        early, mailTo.get(early).tags(), t.plusSeconds(2)),
                stream.publish(SesEventKind.DELIVERY_DELAY, mailTo.get(late).messageId(),
                        late, mailTo.get(late).tags(), t.plusSeconds(3)),
                stream.publish(SesEventKind.HARD_BOUNCE, mailTo.get(BOUNCE).messageId(),
                        BOUNCE, mailTo.get(BOUNCE).tags(), t.plusSeconds(4)));
        // Contradictions, in the "wrong" order: Delivery after Bounce, an asynchronous bounce after Delivery,
        // a Delivery after its delay.
        stream.publish(SesEventKind.DELIVERY, mailTo.get(BOUNCE).messageId(), BOUNCE,
                mailTo.get(BOUNCE).tags(), t.plusSeconds(5));
        stream.publish(SesEventKind.HARD_BOUNCE, mailTo.get(early).messageId(), early,
                mailTo.get(early).tags(), t.plusSeconds(60));
        var delivered = stream.publish(SesEventKind.DELIVERY,
                mailTo.get(late).messageId(), late, mailTo.get(late).tags(), t.plusSeconds(90));
        // Replays: SNS redelivers the same notifications, SES republishes one under a new SNS id.
        for (int i = published.size() - 1; i >= 0; i--) {
            stream.redeliver(published.get(i));
        }
        stream.redeliver(delivered);
        stream.publish(SesEventKind.DELIVERY, mailTo.get(late).messageId(), late,
                mailTo.get(late).tags(), t.plusSeconds(90));
        SqsDrainReport report = system.sqs().drain("SesEventsFunction");
        assertEquals(0, report.failureCount(), () -> "errors " + report.errors());

        JsonNode tracked = agent.letter(sent.path("id").asText());
        assertEquals("Non délivré", Mail.deliveryTo(tracked, early).path("statusLabel").asText(),
                "a bounce after a delivery wins");
        assertEquals("Délivré", Mail.deliveryTo(tracked, late).path("statusLabel").asText());
        assertEquals("Non délivré", Mail.deliveryTo(tracked, BOUNCE).path("statusLabel").asText(),
                "a delivery after a bounce does not hide it");

        List<DeliveryEvent> lateLog = store().events(Mail.deliveryTo(tracked, late).path("id").asText());
        assertEquals(List.of(EventType.SENT, EventType.DELIVERED, EventType.DELAYED),
                lateLog.stream().map(DeliveryEvent::type).sorted().toList(), "each fact recorded once");
        DeliveryEvent delivery = lateLog.stream().filter(e -> e.type() == EventType.DELIVERED).findFirst()
                .orElseThrow();
        assertEquals(t.plusSeconds(90), delivery.at(), "the timestamp is SES's, not the processing time");
    }

    @Test
    void a_complaint_keeps_the_letter_delivered_and_is_shown_in_the_thread_and_the_proof() throws Exception {
        String consultation = agent.newConsultation();
        String other = Mail.address("sans.plainte");
        JsonNode sent = agent.send(agent.createDraft(consultation, """
                {"letterType": "COURRIER_LIBRE", "sendMode": "SIMPLE", "recipients": {"addresses": "%s %s"}}
                """.formatted(COMPLAINT, other)).path("id").asText());
        system.sqs().drain("SendFunction");
        List<SentEmail> mails = Mail.ofLetter(system, sent);
        assertEquals(2, mails.size());
        // The mailbox simulator's complaint address: SES reports a Delivery, then a Complaint.
        mails.forEach(mail -> system.sesEvents().simulate(mail));
        SqsDrainReport events = system.sqs().drain("SesEventsFunction");
        assertEquals(3, events.messageCount());
        assertEquals(0, events.failureCount(), () -> "event errors " + events.errors());

        JsonNode tracked = agent.letter(sent.path("id").asText());
        JsonNode complained = Mail.deliveryTo(tracked, COMPLAINT);
        assertEquals("Délivré", complained.path("statusLabel").asText());
        assertTrue(complained.path("nonDeliveryReason").isMissingNode() || complained.path("nonDeliveryReason").isNull(),
                complained.toString());
        assertEquals(Map.of("DELIVERED", 2L), counts(tracked));
        String deliveryId = complained.path("id").asText();

        JsonNode list = AgentApi.expect(200, agent.http().get("/consultations/" + consultation + "/deliveries",
                AgentApi.ALICE));
        JsonNode row = null;
        for (JsonNode r : list.path("rows")) {
            if (r.path("deliveryId").asText().equals(deliveryId)) {
                row = r;
            }
        }
        assertTrue(row != null, list.toString());
        assertEquals("Délivré", row.path("statusLabel").asText());
        assertTrue(row.path("nonDeliveryReason").isMissingNode() || row.path("nonDeliveryReason").isNull());
        assertEquals("[\"view\"]", row.path("actions").toString(), "no resend of a delivered letter");
        for (JsonNode count : list.path("countsByStatus")) {
            int expected = count.path("status").asText().equals("DELIVERED") ? 2 : 0;
            assertEquals(expected, count.path("count").asInt(), count.toString());
        }

        JsonNode thread = AgentApi.expect(200, agent.http().get("/deliveries/" + deliveryId, AgentApi.ALICE));
        assertEquals("Délivré", thread.path("statusLabel").asText());
        assertTrue(thread.path("nonDeliveryReason").isMissingNode() || thread.path("nonDeliveryReason").isNull(),
                thread.toString());
        List<String> labels = new ArrayList<>();
        JsonNode complaintEvent = null;
        for (JsonNode event : thread.path("events")) {
            labels.add(event.path("label").asText());
            if (event.path("type").asText().equals("COMPLAINED")) {
                complaintEvent = event;
            }
        }
        assertEquals(List.of("Envoi du courrier", "Courrier délivré", COMPLAINT_LABEL), labels);
        assertEquals("Technique", complaintEvent.path("actor").asText());
        assertTrue(complaintEvent.path("details").path("reason").isMissingNode(), complaintEvent.toString());
        assertEquals("abuse", complaintEvent.path("details").path("complaintFeedbackType").asText());

        JsonNode proof = AgentApi.expect(200, agent.http().get("/deliveries/" + deliveryId + "/proof",
                AgentApi.ALICE));
        String text;
        try (PDDocument document = Loader.loadPDF(new RecipientBrowser(system.api())
                .download(proof.path("url").asText()))) {
            text = new PDFTextStripper().getText(document).replace("\n", " ");
        }
        assertTrue(text.contains("Reçu techniquement (Délivré)"), text);
        // The step's label wraps in its table cell, the date column in between.
        assertTrue(text.contains("Courrier signalé comme indésirable par"), text);
        assertTrue(text.contains("le destinataire (courrier non sollicité ou abusif)"), text);
        assertFalse(text.contains("Non délivré"), text);
    }

    @Test
    void sns_and_ses_setup_messages_are_acknowledged_and_never_parked() {
        var stream = system.sesEvents();
        String dlq = system.resources().queueUrl("SesEventsDeadLetterQueue");
        system.sqsClient().purgeQueue(r -> r.queueUrl(dlq));
        String topic = stream.topicArn();
        for (String body : List.of(
                """
                {"Type": "SubscriptionConfirmation", "MessageId": "%s", "TopicArn": "%s",
                 "Message": "You have chosen to subscribe to the topic %s.", "Timestamp": "2026-11-22T09:00:00.000Z"}
                """.formatted(UUID.randomUUID(), topic, topic),
                """
                {"Type": "Notification", "MessageId": "%s", "TopicArn": "%s",
                 "Message": "Successfully validated SNS topic for Amazon SES event publishing.",
                 "Timestamp": "2026-11-22T09:00:01.000Z"}
                """.formatted(UUID.randomUUID(), topic),
                "Successfully validated SNS topic for Amazon SES event publishing.")) {
            system.sqsClient().sendMessage(r -> r.queueUrl(stream.queueUrl()).messageBody(body));
        }
        SqsDrainReport report = system.sqs().withImmediateRetry().drain("SesEventsFunction", Duration.ofSeconds(5));
        assertEquals(3, report.messageCount());
        assertEquals(0, report.failureCount(), () -> "errors " + report.errors());
        assertTrue(system.sqsClient().receiveMessage(r -> r.queueUrl(dlq).waitTimeSeconds(1)).messages().isEmpty(),
                "nothing parked in the dead-letter queue");
    }

    @Test
    void notifications_about_unknown_messages_are_acknowledged_and_unreadable_ones_go_to_the_dead_letter_queue() {
        var stream = system.sesEvents();
        Instant now = Instant.now();
        stream.publish(SesEventKind.DELIVERY, "ses-000000001", "x@entreprise.example",
                Map.of("deliveryId", "inconnu", "attempt", "1"), now);
        stream.publish(SesEventKind.HARD_BOUNCE, "ses-000000002", "y@entreprise.example",
                Map.of(), now);
        SqsDrainReport known = system.sqs().drain("SesEventsFunction");
        assertEquals(2, known.messageCount());
        assertEquals(0, known.failureCount(), "logged and acknowledged, not retried forever");

        String dlq = system.resources().queueUrl("SesEventsDeadLetterQueue");
        system.sqsClient().purgeQueue(r -> r.queueUrl(dlq));
        system.sqsClient().sendMessage(r -> r.queueUrl(stream.queueUrl()).messageBody("ceci n'est pas du JSON"));
        system.sqs().withImmediateRetry().drain("SesEventsFunction", Duration.ofSeconds(20));
        var parked = system.sqsClient().receiveMessage(r -> r.queueUrl(dlq).waitTimeSeconds(1)).messages();
        assertEquals(1, parked.size(), "kept for inspection, not lost");
        assertEquals("ceci n'est pas du JSON", parked.get(0).body());
    }

    private Map<String, Long> counts(JsonNode letter) {
        Map<String, Long> counts = new HashMap<>();
        letter.path("statusCounts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    private DynamoDeliveryLog store() {
        return new DynamoDeliveryLog(system.dynamoDb(), table());
    }

    private String table() {
        return system.resources().tableName("MessagerieTable");
    }

    private static AttributeValue av(String value) {
        return AttributeValue.fromS(value);
    }
}
