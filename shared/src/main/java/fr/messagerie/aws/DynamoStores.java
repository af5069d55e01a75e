package fr.messagerie.aws;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.Map;

/** The stores of the one table, over one DynamoDB client: what every function wires first. */
public record DynamoStores(DynamoConsultationStore consultations, DynamoLetterStore letters,
                           DynamoDeliveryStore deliveries, DynamoDeliveryLog deliveryLog,
                           DynamoDispatchClaims dispatchClaims, DynamoAccessLinks accessLinks,
                           DynamoReplyStore replies, DynamoTrackingStore tracking,
                           DynamoProofRequests proofRequests, DynamoAttachmentStore attachments,
                           DynamoOrganismStore organisms) {

    public static DynamoStores fromEnv(Map<String, String> env) {
        String table = AwsClients.required(env, "TABLE_NAME");
        DynamoDbClient dynamo = AwsClients.configure(DynamoDbClient.builder(), env, "DYNAMODB").build();
        return new DynamoStores(new DynamoConsultationStore(dynamo, table), new DynamoLetterStore(dynamo, table),
                new DynamoDeliveryStore(dynamo, table), new DynamoDeliveryLog(dynamo, table),
                new DynamoDispatchClaims(dynamo, table), new DynamoAccessLinks(dynamo, table),
                new DynamoReplyStore(dynamo, table), new DynamoTrackingStore(dynamo, table),
                new DynamoProofRequests(dynamo, table), new DynamoAttachmentStore(dynamo, table),
                new DynamoOrganismStore(dynamo, table));
    }
}
