package fr.messagerie.aws;

import fr.messagerie.consultations.Consultation;
import fr.messagerie.consultations.ConsultationStore;
import fr.messagerie.consultations.Contact;
import fr.messagerie.letters.Recipient;
import fr.messagerie.letters.StoredSize;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static fr.messagerie.aws.DynamoItems.DATA;
import static fr.messagerie.aws.DynamoItems.s;
import static fr.messagerie.aws.DynamoItems.string;
import static fr.messagerie.aws.DynamoKeys.PK;
import static fr.messagerie.aws.DynamoKeys.SK;

/**
 * Consultation: PK ORG#organism#CONS#id / SK A, listed per organism through GSI1
 * (ORG#organism#CONSULTATIONS / reference#id). Free-recipients register: the same PK / SK FREE#address
 * ({@link DynamoKeys}).
 */
public final class DynamoConsultationStore implements ConsultationStore {
    /** The consultation's organism, beside its JSON: what a check of access reads alone. */
    static final String ORGANISM = "organism";
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoConsultationStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Consultation> find(String organismId, String consultationId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(DynamoKeys.key(pk(organismId, consultationId), DynamoKeys.MAIN))).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(DynamoItems.fromJson(item, Consultation.class));
    }

    @Override
    public void save(Consultation consultation) {
        Map<String, AttributeValue> item = Map.of(PK, s(pk(consultation.organismId(), consultation.id())),
                SK, s(DynamoKeys.MAIN),
                ORGANISM, s(consultation.organismId()), DATA, DynamoItems.json(consultation),
                DynamoKeys.GSI1PK, s(DynamoKeys.consultationsOf(consultation.organismId())),
                DynamoKeys.GSI1SK, s(DynamoKeys.consultationInList(consultation.reference(), consultation.id())));
        long size = ItemSize.of(item);
        if (size > ItemSize.MAX_ITEM_BYTES) {
            throw StoredSize.consultationTooLarge(size, ItemSize.MAX_ITEM_BYTES);
        }
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public List<Consultation> ofOrganism(String organismId) {
        List<Consultation> consultations = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table).indexName(DynamoKeys.GSI1)
                        .keyConditionExpression("GSI1PK = :organism")
                        .expressionAttributeValues(Map.of(":organism", s(DynamoKeys.consultationsOf(organismId)))))
                .items()
                .forEach(item -> consultations.add(DynamoItems.fromJson(item, Consultation.class)));
        return consultations;
    }

    @Override
    public List<Contact> freeRecipients(String organismId, String consultationId) {
        List<Contact> contacts = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :free)")
                        .expressionAttributeValues(Map.of(":pk", s(pk(organismId, consultationId)),
                                ":free", s(DynamoKeys.FREE_RECIPIENTS))))
                .items()
                .forEach(item -> contacts.add(new Contact(string(item, "name"), string(item, "company"),
                        string(item, "email"))));
        return contacts;
    }

    @Override
    public void addFreeRecipients(String organismId, String consultationId, Collection<Recipient> recipients) {
        List<WriteRequest> writes = new ArrayList<>();
        for (Recipient recipient : recipients) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(PK, s(pk(organismId, consultationId)));
            item.put(SK, s(DynamoKeys.freeRecipient(recipient.key())));
            item.put("email", s(recipient.email()));
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        for (int start = 0; start < writes.size(); start += 25) {
            List<WriteRequest> batch = writes.subList(start, Math.min(writes.size(), start + 25));
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            for (int round = 0; !pending.isEmpty() && round < 8; round++) {
                Map<String, List<WriteRequest>> request = pending;
                BatchWriteItemResponse response = dynamo.batchWriteItem(r -> r.requestItems(request));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
            if (!pending.isEmpty()) {
                throw new IllegalStateException("DynamoDB kept refusing free-recipients writes");
            }
        }
    }

    private static String pk(String organismId, String consultationId) {
        return DynamoKeys.consultation(organismId, consultationId);
    }
}
