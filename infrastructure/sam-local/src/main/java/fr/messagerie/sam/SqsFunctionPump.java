package fr.messagerie.sam;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Lambda's SQS event source mapping, run on demand: receives up to BatchSize messages, invokes the function with an
 * SQSEvent built as Lambda builds it, and deletes the messages that succeeded. Failed messages stay invisible for the
 * queue's visibility timeout (as on AWS) unless {@link #withImmediateRetry()} is used; moving them to the dead-letter
 * queue after maxReceiveCount is ElasticMQ's job.
 */
public final class SqsFunctionPump {

    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(SqsFunctionPump.class);
    private static final int MAX_RECEIVE = 10;

    private final Map<String, SqsSource> sources;
    private final LocalFunctions functions;
    private final SqsClient sqs;
    private final String region;
    private final boolean immediateRetry;

    SqsFunctionPump(List<SqsSource> sources, LocalFunctions functions, SqsClient sqs, String region,
                    boolean immediateRetry) {
        this.sources = sources.stream().collect(Collectors.toMap(SqsSource::functionId, Function.identity(),
                (first, second) -> first, LinkedHashMap::new));
        this.functions = functions;
        this.sqs = sqs;
        this.region = region;
        this.immediateRetry = immediateRetry;
    }

    /** The same pump, but failed messages become visible again at once, so tests need not wait for retries. */
    public SqsFunctionPump withImmediateRetry() {
        return new SqsFunctionPump(List.copyOf(sources.values()), functions, sqs, region, true);
    }

    public List<SqsSource> sources() {
        return List.copyOf(sources.values());
    }

    public SqsSource source(String functionId) {
        SqsSource source = sources.get(functionId);
        if (source == null) {
            throw new IllegalArgumentException(functionId + " has no SQS event source in the template");
        }
        return source;
    }

    /** Receives one batch (up to BatchSize messages) and invokes the function with it, if the queue had any. */
    public SqsBatchOutcome pumpOnce(String functionId) {
        SqsSource source = source(functionId);
        List<Message> messages = receive(source);
        if (messages.isEmpty()) {
            return SqsBatchOutcome.empty(functionId);
        }
        return invoke(source, messages);
    }

    /** Pumps until a receive comes back empty, within {@link #DEFAULT_DRAIN_TIMEOUT}. */
    public SqsDrainReport drain(String functionId) {
        return drain(functionId, DEFAULT_DRAIN_TIMEOUT);
    }

    public SqsDrainReport drain(String functionId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<SqsBatchOutcome> batches = new ArrayList<>();
        while (true) {
            SqsBatchOutcome outcome = pumpOnce(functionId);
            if (outcome.isEmpty()) {
                return new SqsDrainReport(batches);
            }
            batches.add(outcome);
            failIfPast(deadline, timeout, functionId);
        }
    }

    /**
     * Pumps every SQS-triggered function, round after round, until one whole round finds all queues empty: messages
     * a function sends to another function's queue are processed too.
     */
    public SqsDrainReport drainAll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<SqsBatchOutcome> batches = new ArrayList<>();
        boolean busy = true;
        while (busy) {
            busy = false;
            for (String functionId : sources.keySet()) {
                SqsBatchOutcome outcome = pumpOnce(functionId);
                if (!outcome.isEmpty()) {
                    batches.add(outcome);
                    busy = true;
                }
            }
            if (busy) {
                failIfPast(deadline, timeout, "all SQS functions");
            }
        }
        return new SqsDrainReport(batches);
    }

    private List<Message> receive(SqsSource source) {
        List<Message> messages = new ArrayList<>();
        while (messages.size() < source.batchSize()) {
            int wanted = Math.min(MAX_RECEIVE, source.batchSize() - messages.size());
            List<Message> received = sqs.receiveMessage(request -> request
                    .queueUrl(source.queueUrl())
                    .maxNumberOfMessages(wanted)
                    .waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
            messages.addAll(received);
            if (received.size() < wanted) {
                break;
            }
        }
        return messages;
    }

    private SqsBatchOutcome invoke(SqsSource source, List<Message> messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(message -> record(source, message)).toList());
        List<String> ids = messages.stream().map(Message::messageId).toList();
        Throwable error = null;
        Set<String> reported;
        try {
            reported = reportedFailures(source, ids, functions.invoke(source.functionId(), event));
        } catch (RuntimeException e) {
            LOG.warn("{} failed on a batch of {} message(s); they stay in the queue", source.functionId(), ids.size(), e);
            reported = new HashSet<>(ids);
            error = e;
        }
        Set<String> failed = reported;
        List<Message> succeeded = messages.stream().filter(message -> !failed.contains(message.messageId())).toList();
        List<Message> retried = messages.stream().filter(message -> failed.contains(message.messageId())).toList();
        delete(source, succeeded);
        if (immediateRetry) {
            makeVisible(source, retried);
        }
        return new SqsBatchOutcome(source.functionId(), ids,
                retried.stream().map(Message::messageId).toList(), error);
    }

    /** Lambda's rules: failures count only with ReportBatchItemFailures; an unknown or empty id fails the batch. */
    private static Set<String> reportedFailures(SqsSource source, List<String> ids, Object result) {
        if (!source.reportsBatchItemFailures() || !(result instanceof SQSBatchResponse response)
                || response.getBatchItemFailures() == null) {
            return Set.of();
        }
        Set<String> failed = new HashSet<>();
        for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure == null ? null : failure.getItemIdentifier();
            if (id == null || id.isEmpty() || !ids.contains(id)) {
                LOG.warn("{} reported an invalid batch item failure '{}': the whole batch is retried",
                        source.functionId(), id);
                return new HashSet<>(ids);
            }
            failed.add(id);
        }
        return failed;
    }

    private SQSEvent.SQSMessage record(SqsSource source, Message message) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        record.setMd5OfBody(message.md5OfBody());
        record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
        record.setAttributes(new LinkedHashMap<>(message.attributesAsStrings()));
        Map<String, SQSEvent.MessageAttribute> attributes = new LinkedHashMap<>();
        message.messageAttributes().forEach((name, value) -> attributes.put(name, attribute(value)));
        record.setMessageAttributes(attributes);
        record.setEventSource("aws:sqs");
        record.setEventSourceArn(source.queueArn());
        record.setAwsRegion(region);
        return record;
    }

    private static SQSEvent.MessageAttribute attribute(MessageAttributeValue value) {
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType(value.dataType());
        attribute.setStringValue(value.stringValue());
        if (value.binaryValue() != null) {
            attribute.setBinaryValue(value.binaryValue().asByteBuffer());
        }
        attribute.setStringListValues(value.hasStringListValues() ? value.stringListValues() : List.of());
        List<ByteBuffer> binaries = value.hasBinaryListValues()
                ? value.binaryListValues().stream().map(SdkBytes::asByteBuffer).toList() : List.of();
        attribute.setBinaryListValues(binaries);
        return attribute;
    }

    private void delete(SqsSource source, List<Message> messages) {
        for (int start = 0; start < messages.size(); start += MAX_RECEIVE) {
            List<DeleteMessageBatchRequestEntry> entries = messages
                    .subList(start, Math.min(messages.size(), start + MAX_RECEIVE)).stream()
                    .map(message -> DeleteMessageBatchRequestEntry.builder()
                            .id(message.messageId()).receiptHandle(message.receiptHandle()).build())
                    .toList();
            sqs.deleteMessageBatch(request -> request.queueUrl(source.queueUrl()).entries(entries));
        }
    }

    private void makeVisible(SqsSource source, List<Message> messages) {
        for (int start = 0; start < messages.size(); start += MAX_RECEIVE) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = messages
                    .subList(start, Math.min(messages.size(), start + MAX_RECEIVE)).stream()
                    .map(message -> ChangeMessageVisibilityBatchRequestEntry.builder()
                            .id(message.messageId()).receiptHandle(message.receiptHandle())
                            .visibilityTimeout(0).build())
                    .toList();
            sqs.changeMessageVisibilityBatch(request -> request.queueUrl(source.queueUrl()).entries(entries));
        }
    }

    private static void failIfPast(long deadline, Duration timeout, String what) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Still receiving messages for " + what + " after " + timeout
                    + " (a message failing forever with immediate retry and no dead-letter queue?)");
        }
    }
}
