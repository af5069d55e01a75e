package fr.messagerie.sam;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test handler: reports bodies starting with "fail" as batch item failures, throws on "boom", records everything. */
public class PartialFailureSqsHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    static final List<SQSEvent.SQSMessage> RECEIVED = new CopyOnWriteArrayList<>();

    public PartialFailureSqsHandler() {
        this(Map.of());
    }

    public PartialFailureSqsHandler(Map<String, String> env) {
        // no configuration needed
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        RECEIVED.addAll(event.getRecords());
        if (event.getRecords().stream().anyMatch(record -> record.getBody().startsWith("boom"))) {
            throw new IllegalStateException("boom");
        }
        return new SQSBatchResponse(event.getRecords().stream()
                .filter(record -> record.getBody().startsWith("fail"))
                .map(record -> new SQSBatchResponse.BatchItemFailure(record.getMessageId()))
                .toList());
    }
}
