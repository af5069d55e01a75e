package fr.messagerie.aws;

import fr.messagerie.app.AttachmentStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static fr.messagerie.aws.DynamoItems.DATA;
import static fr.messagerie.aws.DynamoItems.PK;
import static fr.messagerie.aws.DynamoItems.SK;
import static fr.messagerie.aws.DynamoItems.s;

/** Attachment: PK LETTER#letterId or DLV#deliveryId / SK FILE#attachmentId. */
public final class DynamoAttachmentStore implements AttachmentStore {
    private static final String FILE = "FILE#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoAttachmentStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void save(Owner owner, StoredAttachment attachment) {
        dynamo.putItem(r -> r.tableName(table).item(Map.of(PK, s(owner.partitionKey()),
                SK, s(FILE + attachment.attachment().id()), DATA, DynamoItems.json(attachment))));
    }

    @Override
    public Optional<StoredAttachment> find(Owner owner, String attachmentId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(DynamoItems.key(owner.partitionKey(), FILE + attachmentId))).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(DynamoItems.fromJson(item, StoredAttachment.class));
    }

    @Override
    public List<StoredAttachment> list(Owner owner) {
        List<StoredAttachment> attachments = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :file)")
                        .expressionAttributeValues(Map.of(":pk", s(owner.partitionKey()), ":file", s(FILE))))
                .items()
                .forEach(item -> attachments.add(DynamoItems.fromJson(item, StoredAttachment.class)));
        attachments.sort(Comparator.comparing(StoredAttachment::createdAt)
                .thenComparing(a -> a.attachment().id()));
        return attachments;
    }

    @Override
    public void delete(Owner owner, String attachmentId) {
        dynamo.deleteItem(r -> r.tableName(table).key(DynamoItems.key(owner.partitionKey(), FILE + attachmentId)));
    }
}
