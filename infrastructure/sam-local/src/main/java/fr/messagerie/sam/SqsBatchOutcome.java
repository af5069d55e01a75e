package fr.messagerie.sam;

import java.util.List;

/**
 * One invocation of an SQS-triggered function: the messages of the batch, those that stay in the queue (reported
 * failures, or all of them when the handler threw), and the handler's exception if any.
 */
public record SqsBatchOutcome(String functionId, List<String> messageIds, List<String> failedMessageIds,
                              Throwable error) {

    public static SqsBatchOutcome empty(String functionId) {
        return new SqsBatchOutcome(functionId, List.of(), List.of(), null);
    }

    public boolean isEmpty() {
        return messageIds.isEmpty();
    }

    public int deletedCount() {
        return messageIds.size() - failedMessageIds.size();
    }
}
