package fr.messagerie.aws;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;

/**
 * Leaves a received message in its queue for a chosen wait (ChangeMessageVisibility) instead of the queue's
 * visibility timeout: the message keeps its place and its age, which the age-of-oldest-message alarm watches.
 */
public final class SqsRetryLater {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsRetryLater(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** To be reported as failed afterwards: the message then comes back after {@code wait}. */
    public void after(SQSEvent.SQSMessage message, Duration wait) {
        sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(message.getReceiptHandle())
                .visibilityTimeout(Math.toIntExact(wait.toSeconds())));
    }

    /** How many times the queue has handed out the message, this time included. */
    public static int receiveCount(SQSEvent.SQSMessage message) {
        String count = message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        return count == null ? 1 : Integer.parseInt(count);
    }
}
