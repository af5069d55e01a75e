package fr.messagerie.aws;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Partial batch responses: each message is processed on its own; the ones that failed, or asked to be retried, are
 * reported so that SQS redelivers only them (and moves them to the dead-letter queue after too many attempts).
 */
public final class SqsBatch {
    private static final Logger LOG = Logger.getLogger(SqsBatch.class.getName());

    private SqsBatch() {
    }

    /** @param processor returns true when the message is done with, false to have it delivered again later */
    public static SQSBatchResponse process(SQSEvent event, Predicate<SQSEvent.SQSMessage> processor) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            boolean done;
            try {
                done = processor.test(message);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Message " + message.getMessageId() + " failed, it will be retried", e);
                done = false;
            }
            if (!done) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(message.getMessageId()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
