package fr.messagerie.aws;

import fr.messagerie.files.AttachmentStore;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterState;
import fr.messagerie.letters.LetterStore;
import fr.messagerie.letters.StoredSize;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static fr.messagerie.aws.DynamoItems.DATA;
import static fr.messagerie.aws.DynamoItems.n;
import static fr.messagerie.aws.DynamoItems.s;
import static fr.messagerie.aws.DynamoKeys.PK;
import static fr.messagerie.aws.DynamoKeys.SK;

/**
 * Letter: PK LETTER#id / SK A, with its state and version as attributes for conditional writes, and
 * {@code dispatching} once its dispatches are being handed to the queue ({@link DynamoKeys}).
 */
public final class DynamoLetterStore implements LetterStore {
    private static final String DRAFT_AT_VERSION = "#state = :draft AND version = :version";
    private static final Map<String, String> STATE_NAME = Map.of("#state", "state");
    /** What sending adds to a draft (state, send time, idempotency key, dispatching mark): kept free when saving. */
    static final int SEND_RESERVE = 1024;
    /** Sorts after every character of a key (UTF-8 order): the end of a range of keys sharing a prefix. */
    private static final String LAST_CHARACTER = "\uFFFF";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoLetterStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Letter> find(String letterId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(letterId))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(withStoredState(item));
    }

    /**
     * One Query of the letter's partition, from its item ({@code A}) to its last file ({@code FILE#…}), short of its
     * usage.
     */
    @Override
    public Optional<WithFiles> findWithFiles(String letterId) {
        Letter letter = null;
        List<AttachmentStore.StoredAttachment> files = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND SK BETWEEN :main AND :files")
                .expressionAttributeValues(Map.of(":pk", s(DynamoKeys.letter(letterId)),
                        ":main", s(DynamoKeys.MAIN), ":files", s(DynamoKeys.FILES + LAST_CHARACTER)))).items()) {
            String sk = DynamoItems.string(item, SK);
            if (DynamoKeys.MAIN.equals(sk)) {
                letter = withStoredState(item);
            } else if (sk.startsWith(DynamoKeys.FILES)) {
                files.add(DynamoAttachmentStore.stored(item));
            }
        }
        return letter == null ? Optional.empty()
                : Optional.of(new WithFiles(letter, DynamoAttachmentStore.ready(files)));
    }

    /** The state attribute is the truth: markSent changes it without rewriting the letter. */
    private static Letter withStoredState(Map<String, AttributeValue> item) {
        Letter stored = DynamoItems.fromJson(item, Letter.class);
        LetterState state = LetterState.valueOf(DynamoItems.string(item, "state"));
        return new Letter(stored.id(), stored.consultationId(), stored.organismId(), stored.type(),
                stored.sendMode(), stored.replyOptions(), stored.subject(), stored.body(), stored.recipients(),
                stored.author(), state, stored.createdAt(), stored.updatedAt(), stored.sentAt(), stored.version(),
                stored.consultation());
    }

    @Override
    public void create(Letter draft) {
        Map<String, AttributeValue> item = fitting(item(draft, null), SEND_RESERVE);
        dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
    }

    @Override
    public boolean replace(Letter letter, long expectedVersion) {
        return conditionalPut(fitting(item(letter, null), SEND_RESERVE), expectedVersion);
    }

    @Override
    public boolean deleteDraft(String letterId, long expectedVersion) {
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(key(letterId))
                    .conditionExpression(DRAFT_AT_VERSION)
                    .expressionAttributeNames(STATE_NAME)
                    .expressionAttributeValues(draftAt(expectedVersion)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean startSending(Letter sending, long expectedVersion, String idempotencyKey) {
        return conditionalPut(fitting(item(sending, idempotencyKey), 0), expectedVersion);
    }

    @Override
    public Optional<String> sendIdempotencyKey(String letterId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(letterId))
                .projectionExpression("sendKey").consistentRead(true)).item();
        return Optional.ofNullable(item == null ? null : DynamoItems.string(item, "sendKey"));
    }

    @Override
    public List<Letter> drafts(String organismId, String consultationId) {
        List<Letter> drafts = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table).indexName(DynamoKeys.GSI1).scanIndexForward(false)
                        .keyConditionExpression("GSI1PK = :letters")
                        .filterExpression("#state = :draft")
                        .expressionAttributeNames(STATE_NAME)
                        .expressionAttributeValues(Map.of(
                                ":letters", s(DynamoKeys.lettersOf(organismId, consultationId)),
                                ":draft", s(LetterState.DRAFT.name()))))
                .items()
                .forEach(item -> drafts.add(withStoredState(item)));
        return drafts;
    }

    @Override
    public void markSent(String letterId) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(letterId))
                    .updateExpression("SET #state = :sent")
                    .conditionExpression("#state = :sending")
                    .expressionAttributeNames(STATE_NAME)
                    .expressionAttributeValues(Map.of(":sent", s(LetterState.SENT.name()),
                            ":sending", s(LetterState.SENDING.name()))));
        } catch (ConditionalCheckFailedException e) {
            // Already marked by a concurrent repetition of the same send.
        }
    }

    @Override
    public boolean startDispatching(String letterId) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(letterId))
                    .updateExpression("SET dispatching = :yes")
                    .conditionExpression("#state = :sending")
                    .expressionAttributeNames(STATE_NAME)
                    .expressionAttributeValues(Map.of(":yes", AttributeValue.fromBool(true),
                            ":sending", s(LetterState.SENDING.name()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean returnToDraft(Letter draft, long sendingVersion) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(item(draft, null))
                    .conditionExpression(
                            "#state = :sending AND version = :version AND attribute_not_exists(dispatching)")
                    .expressionAttributeNames(STATE_NAME)
                    .expressionAttributeValues(Map.of(":sending", s(LetterState.SENDING.name()),
                            ":version", n(sendingVersion))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The item, unless it would not leave {@code reserve} bytes under DynamoDB's limit: then nothing is written. */
    private static Map<String, AttributeValue> fitting(Map<String, AttributeValue> item, int reserve) {
        long size = ItemSize.of(item);
        if (size + reserve > ItemSize.MAX_ITEM_BYTES) {
            throw StoredSize.letterTooLarge(size, ItemSize.MAX_ITEM_BYTES - reserve);
        }
        return item;
    }

    private boolean conditionalPut(Map<String, AttributeValue> item, long expectedVersion) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression(DRAFT_AT_VERSION)
                    .expressionAttributeNames(STATE_NAME)
                    .expressionAttributeValues(draftAt(expectedVersion)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> draftAt(long version) {
        return Map.of(":draft", s(LetterState.DRAFT.name()), ":version", n(version));
    }

    private static Map<String, AttributeValue> item(Letter letter, String idempotencyKey) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(DynamoKeys.letter(letter.id())));
        item.put(SK, s(DynamoKeys.MAIN));
        item.put("state", s(letter.state().name()));
        item.put("version", n(letter.version()));
        item.put("consultationId", s(letter.consultationId()));
        item.put(DynamoKeys.GSI1PK, s(DynamoKeys.lettersOf(letter.organismId(), letter.consultationId())));
        item.put(DynamoKeys.GSI1SK, s(DynamoKeys.timeline(letter.updatedAt(), letter.id())));
        item.put(DATA, DynamoItems.json(letter));
        if (idempotencyKey != null) {
            item.put("sendKey", s(idempotencyKey));
        }
        return item;
    }

    private static Map<String, AttributeValue> key(String letterId) {
        return DynamoKeys.key(DynamoKeys.letter(letterId), DynamoKeys.MAIN);
    }
}
