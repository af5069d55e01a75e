package fr.messagerie.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import fr.messagerie.delivery.DispatchQueue;
import fr.messagerie.support.Json;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** One SQS message per dispatch, sent ten at a time; entries SQS refuses are retried, then the call fails. */
public final class SqsDispatchQueue implements DispatchQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsDispatchQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void enqueue(List<Dispatch> dispatches) {
        for (int start = 0; start < dispatches.size(); start += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            List<Dispatch> batch = dispatches.subList(start, Math.min(dispatches.size(), start + 10));
            for (int i = 0; i < batch.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(body(batch.get(i)))
                        .build());
            }
            for (int round = 0; !entries.isEmpty(); round++) {
                List<SendMessageBatchRequestEntry> request = entries;
                List<BatchResultErrorEntry> failed = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(request))
                        .failed();
                if (!failed.isEmpty() && round == 2) {
                    throw new IllegalStateException("SQS refused dispatches: " + failed);
                }
                Set<String> failedIds = failed.stream().map(BatchResultErrorEntry::id).collect(Collectors.toSet());
                entries = entries.stream().filter(e -> failedIds.contains(e.id())).toList();
            }
        }
    }

    private static String body(Dispatch dispatch) {
        try {
            return Json.MAPPER.writeValueAsString(Map.of("deliveryId", dispatch.deliveryId(),
                    "attempt", dispatch.attempt()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
