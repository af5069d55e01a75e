package fr.messagerie.servers;

import java.net.URI;

/** Where the local servers listen; {@code sesV2} is what the SDK uses, {@code sesServer} the mailbox pages. */
public record LocalEndpoints(URI dynamoDb, URI sqs, URI s3, URI sesV2, URI sesServer) {
}
