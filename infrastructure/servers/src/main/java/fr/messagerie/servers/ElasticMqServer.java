package fr.messagerie.servers;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import java.net.URI;

/** ElasticMQ, in process: an SQS server on a dynamic port whose ARNs carry the local region and account. */
final class ElasticMqServer implements AutoCloseable {

    private final SQSRestServer server;
    private final URI endpoint;

    private ElasticMqServer(SQSRestServer server, int port) {
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    static ElasticMqServer start(String region, String accountId) {
        SQSRestServer server = SQSRestServerBuilder
                .withInterface("127.0.0.1")
                .withDynamicPort()
                .withAWSRegion(region)
                .withAWSAccountId(accountId)
                .start();
        int port = server.waitUntilStarted().localAddress().getPort();
        return new ElasticMqServer(server, port);
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
