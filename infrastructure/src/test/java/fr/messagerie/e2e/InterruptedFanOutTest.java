package fr.messagerie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.app.DispatchQueue;
import fr.messagerie.compose.Compose;
import fr.messagerie.compose.ComposeHandler;
import fr.messagerie.infrastructure.LocalAwsExtension;
import fr.messagerie.infrastructure.LocalSystem;
import fr.messagerie.infrastructure.SentEmail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A send that dies in the middle of its fan-out, then is retried: every recipient gets exactly one email. */
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
            var failed = agent.http().post("/letters/" + letterId + "/send", null, AgentApi.ALICE);
            assertEquals(500, failed.getStatusCode());
            assertTrue(AgentApi.read(failed).path("detail").asText().contains("erreur inattendue"));
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
