package fr.messagerie.aws;

import fr.messagerie.common.Organism;
import fr.messagerie.consultations.OrganismStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.Optional;

import static fr.messagerie.aws.DynamoItems.DATA;
import static fr.messagerie.aws.DynamoItems.s;
import static fr.messagerie.aws.DynamoKeys.PK;
import static fr.messagerie.aws.DynamoKeys.SK;

/** Organism: PK ORG#id / SK A ({@link DynamoKeys}). */
public final class DynamoOrganismStore implements OrganismStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoOrganismStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Organism> find(String organismId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(organismId))).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(DynamoItems.fromJson(item, Organism.class));
    }

    @Override
    public void save(Organism organism) {
        dynamo.putItem(r -> r.tableName(table).item(Map.of(PK, s(DynamoKeys.organism(organism.id())),
                SK, s(DynamoKeys.MAIN),
                DATA, DynamoItems.json(organism))));
    }

    private static Map<String, AttributeValue> key(String organismId) {
        return DynamoKeys.key(DynamoKeys.organism(organismId), DynamoKeys.MAIN);
    }
}
