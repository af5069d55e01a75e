package fr.messagerie.e2e;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SQS delivers at least once: a dispatch received twice, in sequence or at the same time, sends one email. */
@ExtendWith(LocalAwsExtension.class)
class DispatchIdempotencyTest {
    private final LocalSystem system;
    private final AgentApi agent;

    DispatchIdempotencyTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
    }

    @Test
    void a_dispatch_delivered_twice_sends_one_email() {
        String first = Mail.address("premier");
        String second = Mail.address("second");
        JsonNode sent = sendTo(first + " " + second);
        List<Message> dispatches = receiveAll();
        assertEquals(2, dispatches.size());
        // The copies SQS may deliver a second time, before and after the originals are processed.
        dispatches.forEach(m -> enqueue(m.body()));
        assertEquals(0, system.sqs().drain("SendFunction").failureCount());
        dispatches.forEach(m -> enqueue(m.body()));
        assertEquals(0, system.sqs().drain("SendFunction").failureCount());

        assertEquals(1, system.mailbox().sentTo(first).size());
        assertEquals(1, system.mailbox().sentTo(second).size());
        assertEquals(2, Mail.ofLetter(system, agent.letter(sent.path("id").asText())).size());
    }

    @Test
    void two_senders_racing_on_the_same_dispatch_send_one_email() throws Exception {
        String address = Mail.address("concurrent");
        sendTo(address);
        Message dispatch = receiveAll().get(0);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<SQSBatchResponse>> racers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            racers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return (SQSBatchResponse) system.functions().invoke("SendFunction", event(dispatch.body()));
            }));
        }
        start.countDown();
        int retried = 0;
        for (CompletableFuture<SQSBatchResponse> racer : racers) {
            retried += racer.get().getBatchItemFailures().size();
        }
        assertEquals(1, system.mailbox().sentTo(address).size(), "one email whatever the interleaving");
        // The losers that saw the claim before the email was recorded asked to be retried; the retry is a no-op.
        for (int i = 0; i < retried; i++) {
            SQSBatchResponse retry = (SQSBatchResponse) system.functions().invoke("SendFunction", event(dispatch.body()));
            assertEquals(0, retry.getBatchItemFailures().size());
        }
        assertEquals(1, system.mailbox().sentTo(address).size());
    }

    private JsonNode sendTo(String addresses) {
        String consultation = agent.newConsultation();
        return agent.send(agent.createDraft(consultation, """
                {"letterType": "COURRIER_LIBRE", "recipients": {"addresses": "%s"}}""".formatted(addresses))
                .path("id").asText());
    }

    private List<Message> receiveAll() {
        List<Message> messages = new ArrayList<>();
        String queue = system.resources().queueUrl("DispatchQueue");
        List<Message> batch;
        do {
            batch = system.sqsClient().receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10)).messages();
            messages.addAll(batch);
            batch.forEach(m -> system.sqsClient().deleteMessage(r -> r.queueUrl(queue).receiptHandle(m.receiptHandle())));
        } while (!batch.isEmpty());
        return messages;
    }

    private void enqueue(String body) {
        system.sqsClient().sendMessage(r -> r.queueUrl(system.resources().queueUrl("DispatchQueue")).messageBody(body));
    }

    private SQSEvent event(String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setBody(body);
        message.setEventSource("aws:sqs");
        message.setEventSourceArn(system.resources().queueArn("DispatchQueue"));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }
}
