package fr.messagerie.aws;

import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static fr.messagerie.aws.DynamoItems.DATA;
import static fr.messagerie.aws.DynamoItems.n;
import static fr.messagerie.aws.DynamoItems.s;
import static fr.messagerie.aws.DynamoKeys.PK;
import static fr.messagerie.aws.DynamoKeys.SK;

/**
 * Attachment: PK LETTER#letterId or DLV#deliveryId / SK FILE#attachmentId, with its state (PENDING or READY) as an
 * attribute for conditional writes (and a TTL while pending). Usage of one owner: same PK / SK USAGE#FILES, with fileCount and totalBytes of its
 * ready files, changed in the same transaction as a file's state, so that limits hold under parallel requests
 * ({@link DynamoKeys}).
 */
public final class DynamoAttachmentStore implements AttachmentStore {
    private static final String STATE = "state";
    private static final String PENDING = "PENDING";
    private static final String READY = "READY";
    private static final int ATTEMPTS = 25;
    private static final Comparator<StoredAttachment> OLDEST_FIRST = Comparator
            .comparing(StoredAttachment::createdAt).thenComparing(a -> a.attachment().id());
    /** A pending file is an upload authorised for minutes: DynamoDB's TTL forgets the abandoned ones. */
    private static final java.time.Duration PENDING_KEPT = java.time.Duration.ofDays(2);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoAttachmentStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void save(Owner owner, StoredAttachment attachment) {
        dynamo.putItem(r -> r.tableName(table).item(item(owner, attachment)));
    }

    @Override
    public Optional<StoredAttachment> find(Owner owner, String attachmentId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(fileKey(owner, attachmentId))).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(DynamoItems.fromJson(item, StoredAttachment.class));
    }

    @Override
    public List<StoredAttachment> list(Owner owner) {
        List<StoredAttachment> attachments = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :file)")
                        .expressionAttributeValues(Map.of(":pk", s(DynamoKeys.filesOf(owner)),
                                ":file", s(DynamoKeys.FILES))))
                .items()
                .forEach(item -> attachments.add(stored(item)));
        attachments.sort(OLDEST_FIRST);
        return attachments;
    }

    /** A file's item (SK {@code FILE#…}), wherever it was read from. */
    static StoredAttachment stored(Map<String, AttributeValue> item) {
        return DynamoItems.fromJson(item, StoredAttachment.class);
    }

    /** The ready ones of an owner's files, oldest first, as {@link #ready} lists them. */
    static List<Attachment> ready(List<StoredAttachment> files) {
        return files.stream().filter(StoredAttachment::ready).sorted(OLDEST_FIRST)
                .map(StoredAttachment::attachment).toList();
    }

    @Override
    public void delete(Owner owner, String attachmentId) {
        for (int attempt = 1; ; attempt++) {
            Optional<StoredAttachment> current = find(owner, attachmentId);
            if (current.isEmpty()) {
                return;
            }
            try {
                if (current.get().ready()) {
                    release(owner, current.get());
                } else {
                    dynamo.deleteItem(r -> r.tableName(table).key(fileKey(owner, attachmentId))
                            .conditionExpression("attribute_not_exists(#state) OR #state = :pending")
                            .expressionAttributeNames(Map.of("#state", STATE))
                            .expressionAttributeValues(Map.of(":pending", s(PENDING))));
                }
                return;
            } catch (ConditionalCheckFailedException | TransactionCanceledException e) {
                // It changed state meanwhile (or another transaction held the usage item): read it again.
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    @Override
    public Readiness markReady(Owner owner, StoredAttachment ready, Quota quota) {
        long size = ready.attachment().size();
        if (size < 0 || size > quota.maxBytes() || quota.maxFiles() <= 0) {
            return Readiness.OVER_QUOTA;
        }
        StoredAttachment stored = new StoredAttachment(ready.attachment(), true, ready.declaredSha256(),
                ready.createdAt());
        for (int attempt = 1; ; attempt++) {
            seedUsage(owner);
            TransactWriteItem count = TransactWriteItem.builder().update(u -> u.tableName(table)
                    .key(usageKey(owner))
                    .updateExpression("SET fileCount = fileCount + :one, totalBytes = totalBytes + :size")
                    .conditionExpression("fileCount < :maxFiles AND totalBytes <= :room")
                    .expressionAttributeValues(Map.of(":one", n(1), ":size", n(size),
                            ":maxFiles", n(quota.maxFiles()), ":room", n(quota.maxBytes() - size)))).build();
            TransactWriteItem file = TransactWriteItem.builder().put(p -> p.tableName(table)
                    .item(item(owner, stored))
                    .conditionExpression("#state = :pending")
                    .expressionAttributeNames(Map.of("#state", STATE))
                    .expressionAttributeValues(Map.of(":pending", s(PENDING)))).build();
            try {
                dynamo.transactWriteItems(r -> r.transactItems(count, file));
                return Readiness.MARKED;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (failedCondition(reasons, 1)) {
                    return Readiness.NOT_PENDING;
                }
                if (failedCondition(reasons, 0)) {
                    return Readiness.OVER_QUOTA;
                }
                // A conflict with a parallel transaction on the same usage item: try again.
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    /** Gives a ready file's count and bytes back, in the same transaction as its removal. */
    private void release(Owner owner, StoredAttachment ready) {
        seedUsage(owner);
        TransactWriteItem remove = TransactWriteItem.builder().delete(d -> d.tableName(table)
                .key(fileKey(owner, ready.attachment().id()))
                .conditionExpression("attribute_exists(PK) AND NOT #state = :pending")
                .expressionAttributeNames(Map.of("#state", STATE))
                .expressionAttributeValues(Map.of(":pending", s(PENDING)))).build();
        TransactWriteItem uncount = TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(usageKey(owner))
                .updateExpression("SET fileCount = fileCount - :one, totalBytes = totalBytes - :size")
                .conditionExpression("attribute_exists(fileCount)")
                .expressionAttributeValues(Map.of(":one", n(1), ":size", n(ready.attachment().size())))).build();
        dynamo.transactWriteItems(r -> r.transactItems(remove, uncount));
    }

    /** Files made ready before usage was kept are counted once, when the owner's usage is first needed. */
    private void seedUsage(Owner owner) {
        Map<String, AttributeValue> usage = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(usageKey(owner))).item();
        if (usage != null && !usage.isEmpty()) {
            return;
        }
        List<StoredAttachment> ready = list(owner).stream().filter(StoredAttachment::ready).toList();
        long bytes = ready.stream().mapToLong(a -> a.attachment().size()).sum();
        try {
            dynamo.putItem(r -> r.tableName(table).item(Map.of(PK, s(DynamoKeys.filesOf(owner)),
                            SK, s(DynamoKeys.FILES_USAGE), "fileCount", n(ready.size()), "totalBytes", n(bytes)))
                    .conditionExpression("attribute_not_exists(PK)"));
        } catch (ConditionalCheckFailedException e) {
            // Seeded by a parallel request.
        }
    }

    private Map<String, AttributeValue> item(Owner owner, StoredAttachment attachment) {
        Map<String, AttributeValue> item = new HashMap<>(fileKey(owner, attachment.attachment().id()));
        item.put(DATA, DynamoItems.json(attachment));
        item.put(STATE, s(attachment.ready() ? READY : PENDING));
        if (!attachment.ready() && attachment.createdAt() != null) {
            item.put("ttl", n(attachment.createdAt().plus(PENDING_KEPT).getEpochSecond()));
        }
        return item;
    }

    private static Map<String, AttributeValue> fileKey(Owner owner, String attachmentId) {
        return DynamoKeys.key(DynamoKeys.filesOf(owner), DynamoKeys.file(attachmentId));
    }

    private static Map<String, AttributeValue> usageKey(Owner owner) {
        return DynamoKeys.key(DynamoKeys.filesOf(owner), DynamoKeys.FILES_USAGE);
    }

    private static boolean failedCondition(List<CancellationReason> reasons, int index) {
        return reasons != null && reasons.size() > index
                && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 10L + 10L * Math.min(attempt, 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
