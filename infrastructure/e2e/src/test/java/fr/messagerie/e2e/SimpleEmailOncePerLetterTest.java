package fr.messagerie.e2e;

import fr.messagerie.aws.AwsClients;
import fr.messagerie.aws.DynamoStores;
import fr.messagerie.aws.S3FileStore;
import fr.messagerie.aws.SesMailer;
import fr.messagerie.aws.SqsRetryLater;
import fr.messagerie.delivery.DispatchBackoff;
import fr.messagerie.delivery.DispatchDelivery;
import fr.messagerie.letters.LetterEmails;
import fr.messagerie.letters.LetterRules;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import fr.messagerie.send.LetterEmailRenderer;
import fr.messagerie.send.SendHandler;
import fr.messagerie.servers.SentEmail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A simple email carries the letter's body, the same for every recipient: the send function turns the body into an
 * email once per letter, never once per recipient (a body of line breaks once cost seconds per recipient).
 */
@ExtendWith(LocalAwsExtension.class)
class SimpleEmailOncePerLetterTest {
    private final LocalSystem system;
    private final AgentApi agent;

    SimpleEmailOncePerLetterTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
    }

    @Test
    void a_simple_email_to_five_recipients_is_written_once() throws Exception {
        List<String> addresses = IntStream.range(0, 5).mapToObj(i -> Mail.address("simple" + i)).toList();
        String breaks = "<p>Bonjour," + "<br>".repeat(LetterRules.MAX_BODY_BYTES / 4 - 10) + "Cordialement</p>";
        String letterId = agent.createDraft(agent.newConsultation(), """
                {"letterType": "COURRIER_LIBRE", "sendMode": "SIMPLE", "body": "%s",
                 "recipients": {"addresses": "%s"}}""".formatted(breaks, String.join(";", addresses)))
                .path("id").asText();

        AtomicInteger renderings = new AtomicInteger();
        LetterEmailRenderer renderer = new LetterEmailRenderer();
        LetterEmails counting = (letter, consultation, accessLink) -> {
            // This letter's only: a dispatch another test left in the shared queue is no rendering of it.
            if (letter.id().equals(letterId)) {
                renderings.incrementAndGet();
            }
            return renderer.render(letter, consultation, accessLink);
        };
        try (AutoCloseable ignored = system.functions().replace("SendFunction", sendFunction(counting))) {
            agent.send(letterId);
            assertEquals(0, system.sqs().drain("SendFunction").failureCount());
        }

        List<SentEmail> mails = Mail.ofLetter(system, agent.letter(letterId));
        assertEquals(5, mails.size());
        mails.forEach(mail -> assertTrue(mail.text().contains("Bonjour,\n\n") && mail.text().contains(
                "\nCordialement"), "the text part keeps the breaks between the words"));
        assertEquals(1, renderings.get(), "rendered once for the five recipients");
    }

    /** The send function as template.yaml wires it, with the email writer given. */
    private SendHandler sendFunction(LetterEmails emails) {
        Map<String, String> env = system.functionEnv("SendFunction");
        DynamoStores stores = DynamoStores.fromEnv(env);
        SesV2Client ses = AwsClients.configure(SesV2Client.builder(), env, "SESV2").build();
        return new SendHandler(new DispatchDelivery(stores.letters(), stores.deliveryLog(), stores.dispatchClaims(),
                stores.attachments(), S3FileStore.fromEnv(env), emails,
                new SesMailer(ses, AwsClients.required(env, "SENDER_ADDRESS"),
                        AwsClients.required(env, "CONFIGURATION_SET_NAME")),
                AwsClients.required(env, "RECIPIENT_BASE_URL"), Clock.systemUTC()),
                new SqsRetryLater(AwsClients.configure(SqsClient.builder(), env, "SQS").build(),
                        AwsClients.required(env, "DISPATCH_QUEUE_URL")),
                new DispatchBackoff(Duration.ofSeconds(Long.parseLong(
                        AwsClients.required(env, "THROTTLED_DISPATCH_FIRST_WAIT_SECONDS")))));
    }
}
