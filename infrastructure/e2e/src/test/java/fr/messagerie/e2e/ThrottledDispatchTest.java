package fr.messagerie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import fr.messagerie.sam.SqsBatchOutcome;
import fr.messagerie.servers.SesRefusal;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When SES sends nothing for now (sending rate or daily quota exceeded, sending paused), the dispatches wait in their
 * queue, then go out once: they neither fail their way to the dead-letter queue nor send twice.
 */
@ExtendWith(LocalAwsExtension.class)
class ThrottledDispatchTest {
    /** The template waits a minute first; the test, a few seconds. */
    private static final int FIRST_WAIT_SECONDS = 4;

    private final LocalSystem system;
    private final AgentApi agent;

    ThrottledDispatchTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
    }

    @ParameterizedTest
    @EnumSource(value = SesRefusal.class, mode = EnumSource.Mode.EXCLUDE, names = "ACCOUNT_SUSPENDED")
    void a_dispatch_ses_declines_waits_in_its_queue_then_is_sent_once(SesRefusal refusal) throws Exception {
        List<String> recipients = List.of(Mail.address("ralenti"), Mail.address("ralenti"), Mail.address("ralenti"));
        try (AutoCloseable quickFirstWait = system.functions().reconfigure("SendFunction",
                Map.of("THROTTLED_DISPATCH_FIRST_WAIT_SECONDS", String.valueOf(FIRST_WAIT_SECONDS)))) {
            system.sqs().drain("SendFunction");
            long deadLettersBefore = messagesIn("DispatchDeadLetterQueue");
            String consultation = agent.newConsultation();
            String letterId = agent.createDraft(consultation, """
                    {"letterType": "COURRIER_LIBRE", "recipients": {"addresses": "%s"}}"""
                    .formatted(String.join(" ", recipients))).path("id").asText();
            agent.send(letterId);

            SqsBatchOutcome declined;
            long declinedAt;
            system.aws().refuseSesSends(refusal);
            try {
                declined = system.sqs().pumpOnce("SendFunction");
                declinedAt = System.nanoTime();
            } finally {
                system.aws().acceptSesSends();
            }

            assertNull(declined.error(), "the function does not fail");
            assertEquals(3, declined.messageIds().size());
            assertEquals(declined.messageIds(), declined.failedMessageIds(), "every dispatch stays in the queue");
            Set<String> asked = new HashSet<>(system.aws().refusedSesRecipients());
            asked.retainAll(recipients);
            assertEquals(1, asked.size(), "once SES declined, the rest of the batch waited without asking it");
            recipients.forEach(to -> assertEquals(List.of(), system.mailbox().sentTo(to)));
            assertTrue(system.sqs().pumpOnce("SendFunction").isEmpty(), "the dispatches wait, out of sight");

            int processed = 0;
            long firstRetryAt = 0;
            long deadline = declinedAt + Duration.ofSeconds(60).toNanos();
            while (processed < 3) {
                assertTrue(System.nanoTime() < deadline, "the dispatches came back within a minute");
                SqsBatchOutcome retry = system.sqs().pumpOnce("SendFunction");
                if (retry.isEmpty()) {
                    Thread.sleep(200);
                    continue;
                }
                firstRetryAt = firstRetryAt == 0 ? System.nanoTime() : firstRetryAt;
                assertEquals(List.of(), retry.failedMessageIds());
                processed += retry.messageIds().size();
            }
            assertTrue(Duration.ofNanos(firstRetryAt - declinedAt).toMillis() >= FIRST_WAIT_SECONDS * 1000L - 500,
                    "the first dispatch came back after its wait, not at once");

            recipients.forEach(to -> assertEquals(1, system.mailbox().sentTo(to).size(), to));
            JsonNode letter = agent.letter(letterId);
            assertEquals(3, Mail.ofLetter(system, letter).size());
            for (JsonNode delivery : letter.path("deliveries")) {
                JsonNode thread = AgentApi.expect(200, system.api().get("/deliveries/" + delivery.path("id").asText(),
                        AgentApi.ALICE));
                int sentEvents = 0;
                for (JsonNode event : thread.path("events")) {
                    sentEvents += event.path("type").asText().equals("SENT") ? 1 : 0;
                }
                assertEquals(1, sentEvents, "one send recorded, no refusal: " + thread.path("events"));
                assertTrue(thread.path("nonDeliveryReason").isMissingNode() || thread.path("nonDeliveryReason").isNull(),
                        thread.toString());
            }
            assertEquals(deadLettersBefore, messagesIn("DispatchDeadLetterQueue"));
        }
    }

    private long messagesIn(String queue) {
        return Long.parseLong(system.sqsClient().getQueueAttributes(r -> r
                .queueUrl(system.resources().queueUrl(queue))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}
