package fr.messagerie.sam;

/** An SQS-triggered function wired to its local queue. */
public record SqsSource(String functionId, String queueLogicalId, String queueUrl, String queueArn, int batchSize,
                        boolean reportsBatchItemFailures) {
}
