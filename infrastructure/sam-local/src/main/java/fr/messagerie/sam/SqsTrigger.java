package fr.messagerie.sam;

import java.util.List;

/** An SQS event source of a function; {@code queueLogicalId} is null when the queue is not a template resource. */
public record SqsTrigger(String functionId, String eventId, String queueLogicalId, int batchSize,
                         List<String> functionResponseTypes) {

    public boolean reportsBatchItemFailures() {
        return functionResponseTypes.contains("ReportBatchItemFailures");
    }
}
