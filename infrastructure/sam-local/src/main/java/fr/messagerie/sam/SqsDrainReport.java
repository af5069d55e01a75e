package fr.messagerie.sam;

import java.util.List;
import java.util.Objects;

/** The batches a drain invoked, in order. */
public record SqsDrainReport(List<SqsBatchOutcome> batches) {

    public int messageCount() {
        return batches.stream().mapToInt(batch -> batch.messageIds().size()).sum();
    }

    public int failureCount() {
        return batches.stream().mapToInt(batch -> batch.failedMessageIds().size()).sum();
    }

    public List<Throwable> errors() {
        return batches.stream().map(SqsBatchOutcome::error).filter(Objects::nonNull).toList();
    }
}
