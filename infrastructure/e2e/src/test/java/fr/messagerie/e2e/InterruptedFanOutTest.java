package fr.messagerie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.aws.DynamoLetterStore;
import fr.messagerie.compose.Compose;
import fr.messagerie.compose.ComposeHandler;
import fr.messagerie.delivery.DispatchQueue;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterState;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import fr.messagerie.servers.SentEmail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A send that dies in the middle of its fan-out, then is retried: every recipient gets exactly one email. A send whose
 * writes are refused before any delivery exists goes back to draft, for the agent to act on.
 */
@ExtendWith(LocalAwsExtension.class)
class InterruptedFanOutTest {
    private static final int RECIPIENTS = 57;

    private final LocalSystem system;
    private final AgentApi agent;

    InterruptedFanOutTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
    }

    @Test
    void a_send_interrupted_midway_then_retried_reaches_every_recipient_exactly_once() throws Exception {
        List<String> addresses = IntStream.range(0, RECIPIENTS).mapToObj(i -> Mail.address("destinataire" + i))
                .toList();
        String consultation = agent.newConsultation();
        String letterId = agent.createDraft(consultation, """
                {"letterType": "INVITATION_A_CONCOURIR", "recipients": {"addresses": "%s"}}
                """.formatted(String.join(";", addresses))).path("id").asText();

        // The list read once: its counts are kept from now on, not recounted from the rows.
        AgentApi.expect(200, agent.http().get("/consultations/" + consultation + "/deliveries", AgentApi.ALICE));

        // The process "dies" once two batches of dispatches have been handed to SQS.
        AtomicInteger batches = new AtomicInteger();
        ComposeHandler crashing = new ComposeHandler(Compose.fromEnv(system.functionEnv("ComposeFunction"),
                real -> (DispatchQueue) dispatches -> {
                    if (batches.incrementAndGet() > 2) {
                        throw new IllegalStateException("Lambda timed out");
                    }
                    real.enqueue(dispatches);
                }, Clock.systemUTC()));
        try (AutoCloseable ignored = system.functions().replace("ComposeFunction", crashing)) {
            JsonNode failed = AgentApi.expectProblem(503, "send-interrupted",
                    agent.http().post("/letters/" + letterId + "/send", null, AgentApi.ALICE));
            assertTrue(failed.path("detail").asText().contains("renvoyez la demande d'envoi"), failed.toString());
        }
        JsonNode halfSent = agent.letter(letterId);
        assertEquals("SENDING", halfSent.path("state").asText(), "frozen, fan-out incomplete");
        system.sqs().drain("SendFunction");
        int before = Mail.ofLetter(system, agent.letter(letterId)).size();
        assertTrue(before > 0 && before < RECIPIENTS, "part of the recipients were reached: " + before);

        JsonNode resumed = agent.send(letterId);
        assertEquals("SENT", resumed.path("state").asText());
        assertEquals(RECIPIENTS, resumed.path("deliveries").size());
        assertEquals(0, system.sqs().drain("SendFunction").failureCount());

        List<SentEmail> mails = Mail.ofLetter(system, agent.letter(letterId));
        Map<String, Long> perRecipient = mails.stream()
                .collect(Collectors.groupingBy(m -> m.to().get(0), HashMap::new, Collectors.counting()));
        assertEquals(RECIPIENTS, perRecipient.size(), "nobody lost");
        perRecipient.forEach((address, count) -> assertEquals(1L, count, address + " got one email"));
        assertEquals(addresses.stream().collect(Collectors.toSet()), perRecipient.keySet());
        // Each delivery counted once in the list, whether its chunk was written whole or one by one on resuming.
        JsonNode list = AgentApi.expect(200, agent.http().get("/consultations/" + consultation + "/deliveries",
                AgentApi.ALICE));
        int counted = 0;
        for (JsonNode count : list.path("countsByStatus")) {
            counted += count.path("count").asInt();
        }
        assertEquals(RECIPIENTS, counted, list.path("countsByStatus").toString());
    }

    /**
     * A letter the old rules let through, stuck "sending" since its first delivery was refused by DynamoDB (an item
     * over 400 KB: its body's searchable text, lower-cased, grows from 340 KB to 510 KB): sending it again meets the
     * same refusal, and the letter goes back to draft; the agent shortens it and it is sent.
     */
    @Test
    void a_send_whose_writes_are_refused_goes_back_to_draft_and_can_be_sent_once_corrected() {
        String address = Mail.address("refus");
        String consultation = agent.newConsultation();
        String letterId = agent.createDraft(consultation, """
                {"letterType": "COURRIER_LIBRE", "recipients": {"addresses": "%s"}}""".formatted(address))
                .path("id").asText();
        DynamoLetterStore letters = new DynamoLetterStore(system.dynamoDb(),
                system.resources().tableName("MessagerieTable"));
        Letter draft = letters.find(letterId).orElseThrow();
        Letter legacy = new Letter(draft.id(), draft.consultationId(), draft.organismId(), draft.type(),
                draft.sendMode(), draft.replyOptions(), draft.subject(), "<p>" + "İ".repeat(170_000) + "</p>",
                draft.recipients(), draft.author(), LetterState.SENDING, draft.createdAt(), draft.updatedAt(),
                Instant.now(), draft.version() + 1);
        assertTrue(letters.startSending(legacy, draft.version(), null), "frozen as the old code froze it");

        JsonNode failed = AgentApi.expectProblem(503, "send-failed",
                agent.http().post("/letters/" + letterId + "/send", null, AgentApi.ALICE));
        assertTrue(failed.path("detail").asText().contains("redevenu un brouillon"), failed.toString());
        JsonNode back = agent.letter(letterId);
        assertEquals("DRAFT", back.path("state").asText());
        assertTrue(back.path("sentAt").isMissingNode(), back.path("sentAt").toString());
        assertEquals(0, system.sqs().drain("SendFunction").messageCount(), "nothing was dispatched");
        assertEquals(List.of(), system.mailbox().sentTo(address));

        AgentApi.expectProblem(400, "body-too-large",
                agent.http().post("/letters/" + letterId + "/send", null, AgentApi.ALICE));
        AgentApi.expect(200, agent.http().put("/letters/" + letterId, "{\"body\": \"<p>Bonjour,</p>\"}",
                AgentApi.ALICE));
        assertEquals("SENT", agent.send(letterId).path("state").asText());
        system.sqs().drain("SendFunction");
        assertEquals(1, system.mailbox().sentTo(address).size());
    }

    @Test
    void a_repeated_send_request_is_answered_without_sending_again() {
        String address = Mail.address("unique");
        String letterId = agent.createDraft(agent.newConsultation(), """
                {"letterType": "COURRIER_LIBRE", "recipients": {"addresses": "%s"}}""".formatted(address))
                .path("id").asText();
        Map<String, String> key = Map.of("Idempotency-Key", "envoi-" + letterId);
        AgentApi.expect(202, agent.http().call("POST", "/letters/" + letterId + "/send", null, key, AgentApi.ALICE));
        AgentApi.expect(202, agent.http().call("POST", "/letters/" + letterId + "/send", null, key, AgentApi.ALICE));
        AgentApi.expectProblem(409, "letter-already-sent",
                agent.http().post("/letters/" + letterId + "/send", null, AgentApi.ALICE));
        system.sqs().drain("SendFunction");
        assertEquals(1, system.mailbox().sentTo(address).size());
    }
}
