package fr.messagerie.sam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Creates the template's tables, queues and buckets on the local servers and computes the physical value of every
 * other resource, so that any !Ref or !GetAtt resolves. Existing resources are reused.
 */
public final class Provisioner {

    private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, QueueAttributeName> QUEUE_ATTRIBUTES = Map.of(
            "VisibilityTimeout", QueueAttributeName.VISIBILITY_TIMEOUT,
            "MessageRetentionPeriod", QueueAttributeName.MESSAGE_RETENTION_PERIOD,
            "DelaySeconds", QueueAttributeName.DELAY_SECONDS,
            "MaximumMessageSize", QueueAttributeName.MAXIMUM_MESSAGE_SIZE,
            "ReceiveMessageWaitTimeSeconds", QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS,
            "FifoQueue", QueueAttributeName.FIFO_QUEUE,
            "ContentBasedDeduplication", QueueAttributeName.CONTENT_BASED_DEDUPLICATION);

    private final SamTemplate template;
    private final LocalConfig config;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final S3Client s3;
    private final IntrinsicResolver resolver;
    private final Map<String, PhysicalResource> provisioned = new LinkedHashMap<>();
    private final Set<String> inProgress = new HashSet<>();

    public Provisioner(SamTemplate template, LocalConfig config, DynamoDbClient dynamoDb, SqsClient sqs, S3Client s3) {
        this.template = template;
        this.config = config;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.s3 = s3;
        this.resolver = new IntrinsicResolver(template, config, this::physical);
    }

    /** Provisions every resource of the template (dependencies first) and returns their physical values. */
    public synchronized PhysicalResources provision() {
        template.resources().keySet().forEach(this::physical);
        return new PhysicalResources(provisioned);
    }

    /** Empties what tests write: tables are recreated, queues purged, buckets emptied. */
    public synchronized void resetData() {
        for (TemplateResource table : template.resourcesOfType("AWS::DynamoDB::Table")) {
            String name = physical(table.logicalId()).ref();
            dynamoDb.deleteTable(request -> request.tableName(name));
            createTable(table, name);
        }
        for (TemplateResource queue : template.resourcesOfType("AWS::SQS::Queue")) {
            String url = physical(queue.logicalId()).ref();
            sqs.purgeQueue(request -> request.queueUrl(url));
        }
        for (TemplateResource bucket : template.resourcesOfType("AWS::S3::Bucket")) {
            emptyBucket(physical(bucket.logicalId()).ref());
        }
    }

    private PhysicalResource physical(String logicalId) {
        PhysicalResource existing = provisioned.get(logicalId);
        if (existing != null) {
            return existing;
        }
        if (!inProgress.add(logicalId)) {
            throw new TemplateException("Circular reference through " + logicalId);
        }
        TemplateResource resource = template.resource(logicalId);
        PhysicalResource created = switch (resource.type()) {
            case "AWS::DynamoDB::Table" -> table(resource);
            case "AWS::SQS::Queue" -> queue(resource);
            case "AWS::S3::Bucket" -> bucket(resource);
            case "AWS::SNS::Topic" -> topic(resource);
            case "AWS::Logs::LogGroup" -> logGroup(resource);
            case "AWS::SES::ConfigurationSet" -> simple(resource, nameOr(resource, "Name", defaultName(resource)));
            case "AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api" -> httpApi(resource);
            case "AWS::Serverless::Function", "AWS::Lambda::Function" -> function(resource);
            case "AWS::Cognito::UserPool" -> userPool(resource);
            case "AWS::Cognito::UserPoolClient" -> simple(resource, shortId(config.stackName() + "/" + logicalId, 26));
            default -> simple(resource, defaultName(resource));
        };
        inProgress.remove(logicalId);
        provisioned.put(logicalId, created);
        return created;
    }

    // ------------------------------------------------------------------ DynamoDB

    private PhysicalResource table(TemplateResource resource) {
        String name = nameOr(resource, "TableName", defaultName(resource));
        if (tableExists(name)) {
            LOG.debug("Reusing table {}", name);
        } else {
            createTable(resource, name);
        }
        String arn = arn("dynamodb", "table/" + name);
        return new PhysicalResource(resource.logicalId(), resource.type(), name,
                Map.of("Arn", arn, "StreamArn", arn + "/stream/1970-01-01T00:00:00.000"));
    }

    private boolean tableExists(String name) {
        try {
            dynamoDb.describeTable(request -> request.tableName(name));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private void createTable(TemplateResource resource, String name) {
        Map<String, Object> properties = resolvedMap(resource.properties());
        boolean provisionedMode = "PROVISIONED".equals(properties.get("BillingMode"))
                || (!properties.containsKey("BillingMode") && properties.containsKey("ProvisionedThroughput"));
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(name)
                .attributeDefinitions(maps(properties.get("AttributeDefinitions")).stream()
                        .map(definition -> AttributeDefinition.builder()
                                .attributeName(text(definition, "AttributeName"))
                                .attributeType(text(definition, "AttributeType"))
                                .build())
                        .toList())
                .keySchema(keySchema(properties.get("KeySchema")));
        if (provisionedMode) {
            request.billingMode(BillingMode.PROVISIONED).provisionedThroughput(throughput(properties));
        } else {
            request.billingMode(BillingMode.PAY_PER_REQUEST);
        }
        List<GlobalSecondaryIndex> globalIndexes = maps(properties.get("GlobalSecondaryIndexes")).stream()
                .map(index -> {
                    GlobalSecondaryIndex.Builder builder = GlobalSecondaryIndex.builder()
                            .indexName(text(index, "IndexName"))
                            .keySchema(keySchema(index.get("KeySchema")))
                            .projection(projection(index.get("Projection")));
                    if (provisionedMode) {
                        builder.provisionedThroughput(throughput(index));
                    }
                    return builder.build();
                })
                .toList();
        if (!globalIndexes.isEmpty()) {
            request.globalSecondaryIndexes(globalIndexes);
        }
        List<LocalSecondaryIndex> localIndexes = maps(properties.get("LocalSecondaryIndexes")).stream()
                .map(index -> LocalSecondaryIndex.builder()
                        .indexName(text(index, "IndexName"))
                        .keySchema(keySchema(index.get("KeySchema")))
                        .projection(projection(index.get("Projection")))
                        .build())
                .toList();
        if (!localIndexes.isEmpty()) {
            request.localSecondaryIndexes(localIndexes);
        }
        Map<String, Object> stream = SamTemplate.mapOrEmpty(properties.get("StreamSpecification"));
        if (stream.containsKey("StreamViewType")) {
            request.streamSpecification(StreamSpecification.builder()
                    .streamEnabled(true).streamViewType(text(stream, "StreamViewType")).build());
        }
        dynamoDb.createTable(request.build());
        enableTimeToLive(name, SamTemplate.mapOrEmpty(properties.get("TimeToLiveSpecification")));
        LOG.debug("Created table {}", name);
    }

    private void enableTimeToLive(String table, Map<String, Object> specification) {
        if (!Boolean.parseBoolean(String.valueOf(specification.get("Enabled")))) {
            return;
        }
        try {
            dynamoDb.updateTimeToLive(request -> request.tableName(table).timeToLiveSpecification(ttl -> ttl
                    .attributeName(text(specification, "AttributeName")).enabled(true)));
        } catch (DynamoDbException e) {
            LOG.debug("TTL not enabled on {}: {}", table, e.getMessage());
        }
    }

    private static List<KeySchemaElement> keySchema(Object value) {
        return maps(value).stream()
                .map(key -> KeySchemaElement.builder()
                        .attributeName(text(key, "AttributeName"))
                        .keyType(text(key, "KeyType"))
                        .build())
                .toList();
    }

    private static Projection projection(Object value) {
        Map<String, Object> projection = SamTemplate.mapOrEmpty(value);
        Projection.Builder builder = Projection.builder()
                .projectionType(String.valueOf(projection.getOrDefault("ProjectionType", "KEYS_ONLY")));
        List<String> nonKey = SamTemplate.listOrEmpty(projection.get("NonKeyAttributes")).stream()
                .map(String::valueOf).toList();
        if (!nonKey.isEmpty()) {
            builder.nonKeyAttributes(nonKey);
        }
        return builder.build();
    }

    private static ProvisionedThroughput throughput(Map<String, Object> owner) {
        Map<String, Object> throughput = SamTemplate.mapOrEmpty(owner.get("ProvisionedThroughput"));
        return ProvisionedThroughput.builder()
                .readCapacityUnits(Long.parseLong(String.valueOf(throughput.getOrDefault("ReadCapacityUnits", 5))))
                .writeCapacityUnits(Long.parseLong(String.valueOf(throughput.getOrDefault("WriteCapacityUnits", 5))))
                .build();
    }

    // ------------------------------------------------------------------ SQS

    private PhysicalResource queue(TemplateResource resource) {
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        QUEUE_ATTRIBUTES.forEach((property, attribute) -> {
            if (resource.hasProperty(property)) {
                attributes.put(attribute, resolver.resolveString(resource.property(property)));
            }
        });
        if (resource.hasProperty("RedrivePolicy")) {
            // Resolving the policy provisions the dead-letter queue first, so its ARN is a real local one.
            attributes.put(QueueAttributeName.REDRIVE_POLICY, toJson(resolver.resolve(resource.property("RedrivePolicy"))));
        }
        boolean fifo = "true".equalsIgnoreCase(attributes.get(QueueAttributeName.FIFO_QUEUE));
        String name = nameOr(resource, "QueueName", truncate(defaultName(resource), fifo ? 75 : 80)
                + (fifo ? ".fifo" : ""));
        String url = existingQueueUrl(name);
        if (url == null) {
            url = sqs.createQueue(request -> request.queueName(name).attributes(attributes)).queueUrl();
            LOG.debug("Created queue {}", name);
        } else {
            LOG.debug("Reusing queue {}", name);
        }
        String queueUrl = url;
        String arn = sqs.getQueueAttributes(request -> request.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        return new PhysicalResource(resource.logicalId(), resource.type(), url,
                Map.of("Arn", arn, "QueueName", name, "QueueUrl", url));
    }

    private String existingQueueUrl(String name) {
        try {
            return sqs.getQueueUrl(request -> request.queueName(name)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ S3

    private PhysicalResource bucket(TemplateResource resource) {
        String name = nameOr(resource, "BucketName", truncate(defaultName(resource).toLowerCase(Locale.ROOT), 63));
        if (bucketExists(name)) {
            LOG.debug("Reusing bucket {}", name);
        } else {
            s3.createBucket(request -> request.bucket(name));
            enableVersioning(resource, name);
            LOG.debug("Created bucket {}", name);
        }
        enableObjectLock(resource, name);
        return new PhysicalResource(resource.logicalId(), resource.type(), name, Map.of(
                "Arn", "arn:aws:s3:::" + name,
                "DomainName", name + ".s3.amazonaws.com",
                "RegionalDomainName", name + ".s3." + config.region() + ".amazonaws.com"));
    }

    private boolean bucketExists(String name) {
        try {
            s3.headBucket(request -> request.bucket(name));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private void enableVersioning(TemplateResource resource, String bucket) {
        Object status = SamTemplate.mapOrEmpty(resource.property("VersioningConfiguration")).get("Status");
        if (!"Enabled".equals(status)) {
            return;
        }
        try {
            s3.putBucketVersioning(request -> request.bucket(bucket)
                    .versioningConfiguration(versioning -> versioning.status(BucketVersioningStatus.ENABLED)));
        } catch (S3Exception e) {
            LOG.debug("Versioning not enabled on {}: {}", bucket, e.getMessage());
        }
    }

    /** Object Lock, on a versioned bucket, as S3 allows it after creation (the local layer keeps it in memory). */
    private void enableObjectLock(TemplateResource resource, String bucket) {
        Object enabled = SamTemplate.mapOrEmpty(resource.property("ObjectLockConfiguration")).get("ObjectLockEnabled");
        if (!Boolean.parseBoolean(String.valueOf(resource.property("ObjectLockEnabled"))) || !"Enabled".equals(enabled)) {
            return;
        }
        s3.putObjectLockConfiguration(request -> request.bucket(bucket).objectLockConfiguration(lock -> lock
                .objectLockEnabled(ObjectLockEnabled.ENABLED)));
    }

    private void emptyBucket(String bucket) {
        List<ObjectIdentifier> keys = new ArrayList<>();
        s3.listObjectVersionsPaginator(request -> request.bucket(bucket)).forEach(page -> {
            page.versions().forEach(version -> keys.add(ObjectIdentifier.builder()
                    .key(version.key()).versionId(version.versionId()).build()));
            page.deleteMarkers().forEach(marker -> keys.add(ObjectIdentifier.builder()
                    .key(marker.key()).versionId(marker.versionId()).build()));
        });
        for (int start = 0; start < keys.size(); start += 1000) {
            List<ObjectIdentifier> chunk = keys.subList(start, Math.min(keys.size(), start + 1000));
            s3.deleteObjects(request -> request.bucket(bucket).delete(delete -> delete.objects(chunk)));
        }
    }

    // ------------------------------------------------------------------ resources without a local server

    private PhysicalResource topic(TemplateResource resource) {
        String name = nameOr(resource, "TopicName", defaultName(resource));
        String arn = arn("sns", name);
        return new PhysicalResource(resource.logicalId(), resource.type(), arn,
                Map.of("TopicArn", arn, "TopicName", name));
    }

    private PhysicalResource logGroup(TemplateResource resource) {
        String name = nameOr(resource, "LogGroupName", defaultName(resource));
        return new PhysicalResource(resource.logicalId(), resource.type(), name,
                Map.of("Arn", arn("logs", "log-group:" + name + ":*")));
    }

    private PhysicalResource httpApi(TemplateResource resource) {
        String apiId = shortId(config.stackName() + "/" + resource.logicalId(), 10);
        return new PhysicalResource(resource.logicalId(), resource.type(), apiId, Map.of(
                "ApiEndpoint", "https://" + apiId + ".execute-api." + config.region() + ".amazonaws.com",
                "ApiId", apiId));
    }

    private PhysicalResource function(TemplateResource resource) {
        String name = nameOr(resource, "FunctionName", truncate(defaultName(resource), 64));
        return new PhysicalResource(resource.logicalId(), resource.type(), name,
                Map.of("Arn", arn("lambda", "function:" + name)));
    }

    private PhysicalResource userPool(TemplateResource resource) {
        String id = config.region() + "_" + shortId(config.stackName() + "/" + resource.logicalId(), 9);
        String providerName = "cognito-idp." + config.region() + ".amazonaws.com/" + id;
        return new PhysicalResource(resource.logicalId(), resource.type(), id, Map.of(
                "Arn", arn("cognito-idp", "userpool/" + id),
                "ProviderName", providerName,
                "ProviderURL", "https://" + providerName,
                "UserPoolId", id));
    }

    private PhysicalResource simple(TemplateResource resource, String ref) {
        String service = resource.type().split("::")[1].toLowerCase(Locale.ROOT);
        return new PhysicalResource(resource.logicalId(), resource.type(), ref, Map.of("Arn", arn(service, ref)));
    }

    // ------------------------------------------------------------------ helpers

    private String defaultName(TemplateResource resource) {
        return config.stackName() + "-" + resource.logicalId();
    }

    private String nameOr(TemplateResource resource, String property, String fallback) {
        return resource.hasProperty(property) ? resolver.resolveString(resource.property(property)) : fallback;
    }

    private String arn(String service, String resourcePart) {
        return "arn:aws:" + service + ":" + config.region() + ":" + config.accountId() + ":" + resourcePart;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> resolvedMap(Map<String, Object> properties) {
        return (Map<String, Object>) resolver.resolve(properties);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        return (List<Map<String, Object>>) SamTemplate.listOrEmpty(value);
    }

    private static String text(Map<String, Object> map, String key) {
        return String.valueOf(map.get(key));
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new TemplateException("Cannot write " + value + " as JSON", e);
        }
    }

    /** A stable lower-case id derived from the logical id, shaped like the ids AWS generates. */
    static String shortId(String seed, int length) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            StringBuilder id = new StringBuilder();
            for (int i = 0; i < length; i++) {
                id.append(alphabet.charAt((hash[i % hash.length] & 0xff) % alphabet.length()));
            }
            return id.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
