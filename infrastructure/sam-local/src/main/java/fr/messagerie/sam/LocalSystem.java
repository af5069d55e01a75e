package fr.messagerie.sam;

import fr.messagerie.servers.LocalAws;
import fr.messagerie.servers.SesMailbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole system on one machine, from template.yaml: local AWS servers, provisioned resources, the functions,
 * and the ways in (HTTP routes, SQS event sources, SES events) and out (the SES mailbox).
 */
public final class LocalSystem implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSystem.class);

    private final LocalAws aws;
    private final boolean ownsAws;
    private final LocalConfig config;
    private final SamTemplate template;
    private final Provisioner provisioner;
    private final PhysicalResources resources;
    private final LocalFunctions functions;
    private final HttpApiInvoker api;
    private final SqsFunctionPump sqsPump;
    private final SesMailbox mailbox;
    private final SesEventStream sesEvents;

    private LocalSystem(LocalAws aws, boolean ownsAws, LocalConfig config) {
        long begin = System.nanoTime();
        this.aws = aws;
        this.ownsAws = ownsAws;
        this.config = config;
        this.template = SamTemplate.load(config.templateFile());
        this.provisioner = new Provisioner(template, config, aws.dynamoDb(), aws.sqs(), aws.s3());
        this.resources = provisioner.provision();
        IntrinsicResolver resolver = new IntrinsicResolver(template, config, resources::get);
        Map<String, Map<String, String>> environments = new LinkedHashMap<>();
        template.functions().forEach(function -> environments.put(function.logicalId(),
                LocalFunctions.environmentOf(function, resolver, aws.clientEnvironment())));
        this.functions = new LocalFunctions(template.functions(), environments, resources, config);
        this.api = new HttpApiInvoker(template.httpRoutes(), apiIds(), functions, config, Clock.systemUTC());
        this.sqsPump = new SqsFunctionPump(sqsSources(), functions, aws.sqs(), config.region(), false);
        this.mailbox = aws.mailbox();
        this.sesEvents = sesEventStream(resolver).orElse(null);
        LOG.info("Provisioned {} from {} in {} ms", config.stackName(), config.templateFile().getFileName(),
                (System.nanoTime() - begin) / 1_000_000);
    }

    /** Starts the servers and provisions the template; closing stops the servers. */
    public static LocalSystem start(LocalConfig config) {
        LocalAws aws = LocalAws.start(config.servers());
        try {
            return new LocalSystem(aws, true, config);
        } catch (RuntimeException e) {
            aws.close();
            throw e;
        }
    }

    /** Provisions the template on servers already running; closing leaves them running. */
    public static LocalSystem on(LocalAws aws, LocalConfig config) {
        return new LocalSystem(aws, false, config);
    }

    public LocalAws aws() {
        return aws;
    }

    public LocalConfig config() {
        return config;
    }

    public SamTemplate template() {
        return template;
    }

    /** Physical names: {@code resources().tableName("MessagerieTable")}, {@code queueUrl}, {@code bucketName}... */
    public PhysicalResources resources() {
        return resources;
    }

    public LocalFunctions functions() {
        return functions;
    }

    /** The environment a function receives (resolved template variables, region, credentials, endpoints). */
    public Map<String, String> functionEnv(String functionId) {
        return functions.environment(functionId);
    }

    public HttpApiInvoker api() {
        return api;
    }

    public SqsFunctionPump sqs() {
        return sqsPump;
    }

    public SesMailbox mailbox() {
        return mailbox;
    }

    /** The SES event stream; fails if the template subscribes no SQS queue to an SNS topic. */
    public SesEventStream sesEvents() {
        if (sesEvents == null) {
            throw new IllegalStateException("The template has no AWS::SNS::Subscription with Protocol sqs");
        }
        return sesEvents;
    }

    public DynamoDbClient dynamoDb() {
        return aws.dynamoDb();
    }

    public SqsClient sqsClient() {
        return aws.sqs();
    }

    public S3Client s3() {
        return aws.s3();
    }

    public SesV2Client sesV2() {
        return aws.sesV2();
    }

    /** Recreates the tables, purges the queues, empties the buckets and the mailbox. */
    public void reset() {
        provisioner.resetData();
        mailbox.clear();
    }

    @Override
    public void close() {
        functions.close();
        if (ownsAws) {
            aws.close();
        }
    }

    private Map<String, String> apiIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        resources.all().values().stream()
                .filter(resource -> resource.type().equals("AWS::Serverless::HttpApi")
                        || resource.type().equals("AWS::ApiGatewayV2::Api"))
                .forEach(resource -> ids.put(resource.logicalId(), resource.ref()));
        return ids;
    }

    private List<SqsSource> sqsSources() {
        return template.sqsTriggers().stream()
                .filter(trigger -> trigger.queueLogicalId() != null)
                .map(trigger -> new SqsSource(trigger.functionId(), trigger.queueLogicalId(),
                        resources.queueUrl(trigger.queueLogicalId()), resources.queueArn(trigger.queueLogicalId()),
                        trigger.batchSize(), trigger.reportsBatchItemFailures()))
                .toList();
    }

    /** SES publishes to an SNS topic; the queue subscribed to it (Protocol sqs) is where events arrive. */
    private Optional<SesEventStream> sesEventStream(IntrinsicResolver resolver) {
        return template.resourcesOfType("AWS::SNS::Subscription").stream()
                .filter(subscription -> "sqs".equals(subscription.property("Protocol")))
                .findFirst()
                .map(subscription -> {
                    String queueId = SamTemplate.referencedLogicalId(subscription.property("Endpoint"))
                            .orElseThrow(() -> new TemplateException("The SNS subscription's Endpoint is no queue"));
                    boolean raw = Boolean.parseBoolean(String.valueOf(subscription.property("RawMessageDelivery")));
                    String configurationSet = template.resourcesOfType("AWS::SES::ConfigurationSet").stream()
                            .findFirst().map(set -> resources.ref(set.logicalId())).orElse(null);
                    String sender = config.parameters().getOrDefault("SenderAddress",
                            LocalConfig.DEFAULT_PARAMETERS.get("SenderAddress"));
                    return new SesEventStream(aws.sqs(), resources.queueUrl(queueId),
                            resolver.resolveString(subscription.property("TopicArn")), raw, config, configurationSet,
                            sender, mailbox, Clock.systemUTC());
                });
    }
}
