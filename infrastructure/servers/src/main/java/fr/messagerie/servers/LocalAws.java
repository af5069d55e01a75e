package fr.messagerie.servers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The four AWS-compatible servers of the local runtime (DynamoDB Local, ElasticMQ, s3proxy, aws-ses-v2-local),
 * started in parallel, with SDK clients pointed at them. Closing stops them all.
 */
public final class LocalAws implements AutoCloseable {

    public static final String ACCESS_KEY = "test";
    public static final String SECRET_KEY = "test";
    private static final Logger LOG = LoggerFactory.getLogger(LocalAws.class);

    private final ServerConfig config;
    private final DynamoDbLocalServer dynamoDbServer;
    private final ElasticMqServer sqsServer;
    private final S3ProxyServer s3Server;
    private final SesLocalServer sesServer;
    private final Duration startupTime;
    private final SdkHttpClient httpClient = UrlConnectionHttpClient.builder().build();
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final S3Client s3;
    private final SesV2Client sesV2;
    private final S3Presigner s3Presigner;
    private final SesMailbox mailbox;

    private LocalAws(ServerConfig config, DynamoDbLocalServer dynamoDbServer, ElasticMqServer sqsServer,
                     S3ProxyServer s3Server, SesLocalServer sesServer, Duration startupTime) {
        this.config = config;
        this.dynamoDbServer = dynamoDbServer;
        this.sqsServer = sqsServer;
        this.s3Server = s3Server;
        this.sesServer = sesServer;
        this.startupTime = startupTime;
        this.dynamoDb = configure(DynamoDbClient.builder(), dynamoDbServer.endpoint()).build();
        this.sqs = configure(SqsClient.builder(), sqsServer.endpoint()).build();
        this.s3 = configure(S3Client.builder(), s3Server.endpoint()).forcePathStyle(true).build();
        this.sesV2 = configure(SesV2Client.builder(), sesServer.endpoint()).build();
        this.s3Presigner = S3Presigner.builder()
                .region(region())
                .credentialsProvider(credentials())
                .endpointOverride(s3Server.endpoint())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
        this.mailbox = new SesMailbox(sesServer.serverUri(), sesServer::recordedSend, sesServer::clearRecords);
    }

    /** Starts the servers in parallel; if one fails, the others are stopped and the failure is thrown. */
    public static LocalAws start(ServerConfig config) {
        return start(config, null);
    }

    /** The same, DynamoDB Local keeping its tables in {@code dynamoDbDataDirectory} (null: in memory). */
    public static LocalAws start(ServerConfig config, Path dynamoDbDataDirectory) {
        long begin = System.nanoTime();
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            CompletableFuture<DynamoDbLocalServer> dynamoDb = timed("DynamoDB Local",
                    () -> DynamoDbLocalServer.start(dynamoDbDataDirectory), executor);
            CompletableFuture<ElasticMqServer> sqs = timed("ElasticMQ",
                    () -> ElasticMqServer.start(config.region(), config.accountId()), executor);
            CompletableFuture<S3ProxyServer> s3 = timed("s3proxy",
                    () -> S3ProxyServer.start(ACCESS_KEY, SECRET_KEY, config.s3DataDirectory(),
                            config.s3FrontEndOrigin()), executor);
            CompletableFuture<SesLocalServer> ses = timed("aws-ses-v2-local",
                    () -> SesLocalServer.start(config.sesServerDirectory()), executor);
            try {
                CompletableFuture.allOf(dynamoDb, sqs, s3, ses).join();
            } catch (CompletionException e) {
                List.of(dynamoDb, sqs, s3, ses).forEach(LocalAws::closeIfStarted);
                throw new IllegalStateException("Local AWS servers did not start", e);
            }
            Duration startup = Duration.ofNanos(System.nanoTime() - begin);
            LOG.info("Local AWS servers started in {} ms", startup.toMillis());
            return new LocalAws(config, dynamoDb.join(), sqs.join(), s3.join(), ses.join(), startup);
        } finally {
            executor.shutdown();
        }
    }

    public ServerConfig config() {
        return config;
    }

    public Region region() {
        return Region.of(config.region());
    }

    public String accountId() {
        return config.accountId();
    }

    public Duration startupTime() {
        return startupTime;
    }

    public LocalEndpoints endpoints() {
        return new LocalEndpoints(dynamoDbServer.endpoint(), sqsServer.endpoint(), s3Server.endpoint(),
                sesServer.endpoint(), sesServer.serverUri());
    }

    /** Region, credentials and endpoint overrides, as the functions receive them in their environment. */
    public Map<String, String> clientEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_REGION", config.region());
        environment.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        environment.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbServer.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_SQS", sqsServer.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_S3", s3Server.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_SESV2", sesServer.endpoint().toString());
        return Map.copyOf(environment);
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public SqsClient sqs() {
        return sqs;
    }

    /** Path-style, as s3proxy requires. */
    public S3Client s3() {
        return s3;
    }

    public S3Presigner s3Presigner() {
        return s3Presigner;
    }

    public SesV2Client sesV2() {
        return sesV2;
    }

    /** What the local SES endpoint sent, with the tags and configuration set of each message. */
    public SesMailbox mailbox() {
        return mailbox;
    }

    /** From now on the local SES endpoint declines every SendEmail as SES does when it throttles or has paused. */
    public void refuseSesSends(SesRefusal refusal) {
        sesServer.proxy().refuseSends(refusal);
    }

    /** The local SES endpoint sends again. */
    public void acceptSesSends() {
        sesServer.proxy().acceptSends();
    }

    /** The recipient of each SendEmail declined so far (since the last mailbox clear), in order. */
    public List<String> refusedSesRecipients() {
        return sesServer.proxy().refusedRecipients();
    }

    @Override
    public void close() {
        List<AutoCloseable> resources = new ArrayList<>(List.of(dynamoDb, sqs, s3, sesV2, s3Presigner, httpClient,
                sesServer, s3Server, sqsServer, dynamoDbServer));
        resources.forEach(LocalAws::closeQuietly);
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder, URI endpoint) {
        return builder.region(region())
                .credentialsProvider(credentials())
                .endpointOverride(endpoint)
                .httpClient(httpClient);
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    private interface ServerStart<T> {
        T start() throws Exception;
    }

    private static <T> CompletableFuture<T> timed(String name, ServerStart<T> start, ExecutorService executor) {
        return CompletableFuture.supplyAsync(() -> {
            long begin = System.nanoTime();
            try {
                T server = start.start();
                LOG.debug("{} started in {} ms", name, (System.nanoTime() - begin) / 1_000_000);
                return server;
            } catch (Exception e) {
                throw new CompletionException(name + " did not start", e);
            }
        }, executor);
    }

    private static void closeIfStarted(CompletableFuture<? extends AutoCloseable> server) {
        if (server.isDone() && !server.isCompletedExceptionally()) {
            closeQuietly(server.join());
        } else {
            server.thenAccept(LocalAws::closeQuietly);
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("Could not close {}", resource, e);
        }
    }
}
