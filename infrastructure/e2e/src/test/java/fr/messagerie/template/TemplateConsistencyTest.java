package fr.messagerie.template;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import fr.messagerie.delivery.DispatchBackoff;
import fr.messagerie.sam.FunctionDefinition;
import fr.messagerie.sam.Intrinsic;
import fr.messagerie.sam.IntrinsicResolver;
import fr.messagerie.sam.LocalConfig;
import fr.messagerie.sam.SamTemplate;
import fr.messagerie.sam.SqsTrigger;
import fr.messagerie.sam.TemplateParameter;
import fr.messagerie.sam.TemplateResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** template.yaml agrees with the code and follows the project's rules. */
class TemplateConsistencyTest {

    private static final Path ROOT = LocalConfig.findRepositoryRoot(Path.of(System.getProperty("user.dir")));
    private static SamTemplate template;
    /** Resources SAM generates, which the template may reference. */
    private static final Set<String> SAM_GENERATED = Set.of("ServerlessHttpApi", "ServerlessRestApi");
    /** SAM policy templates whose permissions include dynamodb:Scan. */
    private static final Set<String> SCANNING_POLICY_TEMPLATES = Set.of("DynamoDBCrudPolicy", "DynamoDBReadPolicy",
            "DynamoDBReconfigurePolicy");

    /** Strict YAML, as SAM reads it: a parse error fails every test with its line and column. */
    @BeforeAll
    static void loadTemplate() {
        template = SamTemplate.load(ROOT.resolve("template.yaml"));
    }

    @Test
    void handlersExistAndImplementRequestHandler() {
        List<String> problems = new ArrayList<>();
        for (FunctionDefinition function : template.functions()) {
            try {
                Class<?> handler = Class.forName(function.handlerClass());
                if (!RequestHandler.class.isAssignableFrom(handler)) {
                    problems.add(function.handlerClass() + " does not implement RequestHandler");
                }
                handler.getConstructor();
                handler.getConstructor(Map.class);
            } catch (ClassNotFoundException e) {
                problems.add(function.logicalId() + ": no class " + function.handlerClass());
            } catch (NoSuchMethodException e) {
                problems.add(function.handlerClass() + " needs public constructors () and (Map<String, String>)");
            }
        }
        assertEquals(List.of(), problems);
    }

    /** The jars are built by the function modules before this module's tests (mvn verify from the root). */
    @Test
    void codeUriJarsExistAndContainTheirHandler() throws IOException {
        String targetName = System.getProperty("messagerie.targetName", "target");
        List<String> problems = new ArrayList<>();
        for (FunctionDefinition function : template.functions()) {
            Path jar = ROOT.resolve(function.codeUri().replace("/target/", "/" + targetName + "/"));
            if (!Files.isRegularFile(jar)) {
                problems.add(function.logicalId() + ": no " + ROOT.relativize(jar));
                continue;
            }
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                String entry = function.handlerClass().replace('.', '/') + ".class";
                if (zip.getEntry(entry) == null) {
                    problems.add(function.logicalId() + ": " + ROOT.relativize(jar) + " lacks " + entry);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyReferenceResolves() {
        IntrinsicResolver names = new IntrinsicResolver(template, LocalConfig.forRepository(ROOT), id -> {
            throw new UnsupportedOperationException();
        });
        List<String> problems = new ArrayList<>();
        Consumer<String> checkName = name -> {
            if (!names.isReferenceable(name) && !isSamGenerated(name)) {
                problems.add("unknown name " + name);
            }
        };
        Consumer<String> checkResource = id -> {
            if (!template.resources().containsKey(id) && !isSamGenerated(id)) {
                problems.add("unknown resource " + id);
            }
        };
        for (String section : List.of("Resources", "Globals", "Outputs", "Conditions")) {
            forEachIntrinsic(template.section(section), intrinsic -> {
                if (intrinsic instanceof Intrinsic.Ref ref) {
                    checkName.accept(ref.target());
                } else if (intrinsic instanceof Intrinsic.GetAtt getAtt) {
                    checkResource.accept(getAtt.resource());
                } else if (intrinsic instanceof Intrinsic.Sub sub) {
                    for (String placeholder : sub.placeholders()) {
                        int dot = placeholder.indexOf('.');
                        if (sub.variables().containsKey(placeholder)) {
                            continue;
                        }
                        if (dot > 0 && !placeholder.startsWith("AWS::")) {
                            checkResource.accept(placeholder.substring(0, dot));
                        } else {
                            checkName.accept(placeholder);
                        }
                    }
                }
            });
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void sqsTriggeredFunctionsReportBatchItemFailures() {
        List<String> missing = template.sqsTriggers().stream()
                .filter(trigger -> !trigger.reportsBatchItemFailures())
                .map(trigger -> trigger.functionId() + "." + trigger.eventId())
                .toList();
        assertEquals(List.of(), missing);
    }

    @Test
    void everyQueueHasADeadLetterQueueUnlessItIsOne() {
        Set<String> deadLetterQueues = new HashSet<>();
        for (TemplateResource queue : template.resourcesOfType("AWS::SQS::Queue")) {
            SamTemplate.referencedLogicalId(SamTemplate.mapOrEmpty(queue.property("RedrivePolicy"))
                    .get("deadLetterTargetArn")).ifPresent(deadLetterQueues::add);
        }
        List<String> withoutRedrive = template.resourcesOfType("AWS::SQS::Queue").stream()
                .filter(queue -> !queue.hasProperty("RedrivePolicy"))
                .map(TemplateResource::logicalId)
                .filter(id -> !deadLetterQueues.contains(id))
                .toList();
        assertEquals(List.of(), withoutRedrive);
    }

    @Test
    void visibilityTimeoutIsAtLeastSixFunctionTimeouts() {
        List<String> problems = new ArrayList<>();
        for (SqsTrigger trigger : template.sqsTriggers()) {
            if (trigger.queueLogicalId() == null) {
                problems.add(trigger.functionId() + " reads a queue that is not in the template");
                continue;
            }
            Object value = template.resource(trigger.queueLogicalId()).property("VisibilityTimeout");
            int visibility = value == null ? 30 : Integer.parseInt(String.valueOf(value));
            int timeout = template.function(trigger.functionId()).timeoutSeconds();
            if (visibility < 6 * timeout) {
                problems.add(trigger.queueLogicalId() + " VisibilityTimeout " + visibility + " < 6 x "
                        + trigger.functionId() + " timeout " + timeout);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyFunctionHasALogGroupWithRetention() {
        List<String> problems = new ArrayList<>();
        for (FunctionDefinition function : template.functions()) {
            Object logGroup = SamTemplate.mapOrEmpty(function.resource().property("LoggingConfig")).get("LogGroup");
            String logGroupId = SamTemplate.referencedLogicalId(logGroup)
                    .or(() -> logGroupNamedAfter(function.logicalId()))
                    .orElse(null);
            if (logGroupId == null || !template.resources().containsKey(logGroupId)
                    || !template.resource(logGroupId).isOfType("AWS::Logs::LogGroup")) {
                problems.add(function.logicalId() + " has no log group of its own");
            } else if (!template.resource(logGroupId).hasProperty("RetentionInDays")) {
                problems.add(logGroupId + " has no RetentionInDays");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void noIamStatementAllowsWildcardActionsOrScan() {
        List<String> problems = new ArrayList<>();
        template.resources().values().forEach(resource -> {
            forEachMap(resource.properties(), map -> {
                if (map.get("Statement") instanceof List<?> statements) {
                    statements.forEach(statement -> checkStatement(resource.logicalId(),
                            SamTemplate.mapOrEmpty(statement), problems));
                }
            });
            for (Object policy : SamTemplate.listOrEmpty(resource.property("Policies"))) {
                String name = policy instanceof Map<?, ?> map && map.size() == 1
                        ? String.valueOf(map.keySet().iterator().next()) : String.valueOf(policy);
                if (SCANNING_POLICY_TEMPLATES.contains(name) || name.contains("FullAccess")
                        || name.contains("AdministratorAccess")) {
                    problems.add(resource.logicalId() + " uses policy " + name + ", which allows too much");
                }
            }
        });
        assertFalse(template.functions().isEmpty());
        assertEquals(List.of(), problems);
    }

    // ---------------------------------------------------------------- operations: nothing fails silently

    @Test
    void everyFunctionHasAnErrorAndAThrottleAlarm() {
        List<String> missing = new ArrayList<>();
        for (FunctionDefinition function : template.functions()) {
            for (String metric : List.of("Errors", "Throttles")) {
                if (alarmsOn("AWS/Lambda", metric, "FunctionName", function.logicalId()).isEmpty()) {
                    missing.add(function.logicalId() + " " + metric);
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyQueueHasAnAlarmAndEveryDeadLetterQueueRingsOnItsFirstMessage() {
        Set<String> deadLetterQueues = deadLetterQueues();
        List<String> problems = new ArrayList<>();
        for (TemplateResource queue : template.resourcesOfType("AWS::SQS::Queue")) {
            String metric = deadLetterQueues.contains(queue.logicalId())
                    ? "ApproximateNumberOfMessagesVisible" : "ApproximateAgeOfOldestMessage";
            List<TemplateResource> alarms = alarmsOn("AWS/SQS", metric, "QueueName", queue.logicalId());
            if (alarms.isEmpty()) {
                problems.add(queue.logicalId() + " has no " + metric + " alarm");
            }
            if (deadLetterQueues.contains(queue.logicalId()) && alarms.stream().noneMatch(alarm ->
                    "GreaterThanThreshold".equals(alarm.property("ComparisonOperator"))
                            && number(alarm.property("Threshold")) == 0)) {
                problems.add(queue.logicalId() + " does not ring on its first message");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void sesReputationAndApiServerErrorsHaveAlarms() {
        assertFalse(alarmsOn("AWS/SES", "Reputation.BounceRate", null, null).isEmpty(), "bounce rate");
        assertFalse(alarmsOn("AWS/SES", "Reputation.ComplaintRate", null, null).isEmpty(), "complaint rate");
        for (TemplateResource api : template.resourcesOfType("AWS::Serverless::HttpApi")) {
            assertFalse(alarmsOn("AWS/ApiGateway", "5xx", "ApiId", api.logicalId()).isEmpty(), api.logicalId());
        }
    }

    /** Every alarm reaches a person: the topic every alarm notifies has an e-mail subscription to a parameter. */
    @Test
    void everyAlarmNotifiesTheTopicWithTheEmailSubscription() {
        List<TemplateResource> alarms = template.resourcesOfType("AWS::CloudWatch::Alarm");
        assertFalse(alarms.isEmpty());
        Set<String> topics = new HashSet<>();
        for (TemplateResource alarm : alarms) {
            SamTemplate.listOrEmpty(alarm.property("AlarmActions")).forEach(action ->
                    topics.add(SamTemplate.referencedLogicalId(action).orElse("?")));
        }
        assertEquals(1, topics.size(), "one alarm topic: " + topics);
        String topic = topics.iterator().next();
        for (TemplateResource alarm : alarms) {
            assertEquals(List.of(topic), SamTemplate.listOrEmpty(alarm.property("AlarmActions")).stream()
                    .map(action -> SamTemplate.referencedLogicalId(action).orElse("?")).toList(), alarm.logicalId());
        }
        TemplateResource subscription = template.resourcesOfType("AWS::SNS::Subscription").stream()
                .filter(s -> topic.equals(SamTemplate.referencedLogicalId(s.property("TopicArn")).orElse(null)))
                .findFirst().orElseThrow(() -> new AssertionError("no subscription to " + topic));
        assertEquals("email", subscription.property("Protocol"));
        String parameter = SamTemplate.referencedLogicalId(subscription.property("Endpoint")).orElseThrow();
        assertTrue(template.parameters().containsKey(parameter), parameter + " is a parameter");
    }

    @Test
    void theDashboardShowsEveryFunctionAndQueue() {
        List<TemplateResource> dashboards = template.resourcesOfType("AWS::CloudWatch::Dashboard");
        assertEquals(1, dashboards.size());
        String body = ((Intrinsic.Sub) dashboards.get(0).property("DashboardBody")).template();
        List<String> absent = new ArrayList<>();
        template.functions().forEach(function -> {
            if (!body.contains("${" + function.logicalId() + "}")) {
                absent.add(function.logicalId());
            }
        });
        template.resourcesOfType("AWS::SQS::Queue").forEach(queue -> {
            if (!body.contains("${" + queue.logicalId() + ".QueueName}")) {
                absent.add(queue.logicalId());
            }
        });
        for (String metric : List.of("Reputation.BounceRate", "Reputation.ComplaintRate", "\"5xx\"")) {
            if (!body.contains(metric)) {
                absent.add(metric);
            }
        }
        assertEquals(List.of(), absent);
    }

    /** As many concurrent senders as the account's SES rate allows, and a throttled dispatch outlasts a day of it. */
    @Test
    void sendingFollowsTheSesRateAndThrottlingWaitsInsteadOfEndingInTheDeadLetterQueue() {
        SqsTrigger dispatch = template.sqsTriggers().stream()
                .filter(trigger -> trigger.functionId().equals("SendFunction")).findFirst().orElseThrow();
        Map<String, Object> event = SamTemplate.mapOrEmpty(SamTemplate.mapOrEmpty(SamTemplate.mapOrEmpty(
                template.function("SendFunction").resource().property("Events")).get(dispatch.eventId())).get("Properties"));
        Object concurrency = SamTemplate.mapOrEmpty(event.get("ScalingConfig")).get("MaximumConcurrency");
        Intrinsic.Function findInMap = assertInstanceOf(Intrinsic.Function.class, concurrency);
        assertEquals("FindInMap", findInMap.name());
        String rate = SamTemplate.referencedLogicalId(findInMap.arguments().get(1)).orElseThrow();
        TemplateParameter parameter = template.parameters().get(rate);
        assertTrue(parameter != null, rate + " is a parameter");
        Map<String, Object> mapping = SamTemplate.mapOrEmpty(template.section("Mappings")
                .get(String.valueOf(findInMap.arguments().get(0))));
        List<?> allowed = SamTemplate.listOrEmpty(SamTemplate.mapOrEmpty(template.section("Parameters").get(rate))
                .get("AllowedValues"));
        assertFalse(allowed.isEmpty());
        for (Object value : allowed) {
            int maximum = (int) number(SamTemplate.mapOrEmpty(mapping.get(String.valueOf(value)))
                    .get(String.valueOf(findInMap.arguments().get(2))));
            assertTrue(maximum >= 2 && maximum <= 1000, value + " -> " + maximum + " (Lambda allows 2 to 1000)");
        }

        TemplateResource queue = template.resource(dispatch.queueLogicalId());
        int maxReceiveCount = (int) number(SamTemplate.mapOrEmpty(queue.property("RedrivePolicy")).get("maxReceiveCount"));
        FunctionDefinition send = template.function("SendFunction");
        DispatchBackoff backoff = new DispatchBackoff(Duration.ofSeconds((long) number(
                send.environment().get("THROTTLED_DISPATCH_FIRST_WAIT_SECONDS"))));
        Duration waited = backoff.totalWait(maxReceiveCount);
        assertTrue(waited.compareTo(Duration.ofHours(24)) > 0, "waits " + waited + " before the DLQ");
        assertTrue(number(queue.property("MessageRetentionPeriod")) > waited.toSeconds(), "kept while it waits");
        assertEquals(List.of(dispatch.queueLogicalId()), statementsOf(send).stream()
                .filter(statement -> actions(statement).contains("sqs:ChangeMessageVisibility"))
                .flatMap(statement -> resources(statement).stream()).toList());
        assertEquals(dispatch.queueLogicalId(),
                SamTemplate.referencedLogicalId(send.environment().get("DISPATCH_QUEUE_URL")).orElse(null));
    }

    // ---------------------------------------------------------------- evidence kept for the legal period

    /** Object Lock without a default rule: the code locks what becomes evidence, drafts stay deletable. */
    @Test
    void theFilesBucketLocksEvidenceForTheParametersModeAndYears() {
        TemplateResource bucket = template.resource("FilesBucket");
        assertEquals(true, bucket.property("ObjectLockEnabled"));
        Map<String, Object> lock = SamTemplate.mapOrEmpty(bucket.property("ObjectLockConfiguration"));
        assertEquals("Enabled", lock.get("ObjectLockEnabled"));
        assertFalse(lock.containsKey("Rule"), "no default retention: a draft's files must stay deletable");
        assertEquals("Enabled", SamTemplate.mapOrEmpty(bucket.property("VersioningConfiguration")).get("Status"));

        Map<String, Object> modeParameter = SamTemplate.mapOrEmpty(template.section("Parameters").get("EvidenceLockMode"));
        assertEquals("GOVERNANCE", modeParameter.get("Default"));
        assertEquals(List.of("GOVERNANCE", "COMPLIANCE"), modeParameter.get("AllowedValues"));
        Map<String, Object> years = SamTemplate.mapOrEmpty(template.section("Parameters").get("EvidenceRetentionYears"));
        assertEquals("10", String.valueOf(years.get("Default")));
        assertTrue(SamTemplate.listOrEmpty(years.get("AllowedValues")).stream()
                .allMatch(value -> number(value) >= 5 && number(value) <= 10), "5 to 10 years (R2184-12/13)");

        Map<String, String> lockers = new java.util.TreeMap<>();
        for (FunctionDefinition function : template.functions()) {
            for (Map<String, Object> statement : statementsOf(function)) {
                if (actions(statement).contains("s3:PutObjectRetention")) {
                    lockers.put(function.logicalId(), String.join(",", subResources(statement)));
                    assertEquals(new Intrinsic.Ref("EvidenceLockMode"), function.environment().get("EVIDENCE_LOCK_MODE"),
                            function.logicalId());
                    assertEquals(new Intrinsic.Ref("EvidenceRetentionYears"),
                            function.environment().get("EVIDENCE_RETENTION_YEARS"), function.logicalId());
                }
            }
        }
        assertEquals(Map.of("SendFunction", "${FilesBucket.Arn}/letters/*",
                "RecipientFunction", "${FilesBucket.Arn}/deliveries/*/reply/*",
                "ProofFunction", "${FilesBucket.Arn}/proofs/*"), lockers);
    }

    @Test
    void lifecycleRulesClearAbandonedUploadsAndOldVersionsButNeverEvidence() {
        List<Map<String, Object>> rules = SamTemplate.listOrEmpty(SamTemplate.mapOrEmpty(template.resource("FilesBucket")
                .property("LifecycleConfiguration")).get("Rules")).stream().map(SamTemplate::mapOrEmpty).toList();
        assertTrue(rules.stream().allMatch(rule -> "Enabled".equals(rule.get("Status"))));
        assertTrue(rules.stream().anyMatch(rule -> rule.containsKey("AbortIncompleteMultipartUpload")
                && !rule.containsKey("Prefix") && !rule.containsKey("TagFilters")), "abandoned multipart uploads");
        assertTrue(rules.stream().anyMatch(rule -> !rule.containsKey("Prefix") && number(SamTemplate.mapOrEmpty(
                rule.get("NoncurrentVersionExpiration")).getOrDefault("NoncurrentDays", 0)) > 0),
                "removed and replaced files, everywhere (a locked version stays until its retention ends)");

        // Expiring current versions would hide evidence behind a delete marker: only where nothing is ever locked.
        List<String> locked = template.functions().stream().flatMap(function -> statementsOf(function).stream())
                .filter(statement -> actions(statement).contains("s3:PutObjectRetention"))
                .flatMap(statement -> subResources(statement).stream())
                .map(resource -> resource.replace("${FilesBucket.Arn}/", "").replaceAll("\\*.*$", ""))
                .toList();
        List<String> expiring = rules.stream().filter(rule -> rule.containsKey("ExpirationInDays")
                || rule.containsKey("ExpirationDate")).map(rule -> String.valueOf(rule.get("Prefix"))).toList();
        for (String prefix : expiring) {
            assertFalse(prefix.equals("null") || locked.stream().anyMatch(lock -> lock.startsWith(prefix)
                    || prefix.startsWith(lock)), prefix + " expires current versions where evidence is locked");
        }
        // The reply upload forms write under reply-uploads/; a file checked there moves under its delivery.
        assertTrue(statementsOf(template.function("RecipientFunction")).stream()
                .filter(statement -> actions(statement).contains("s3:PutObject"))
                .anyMatch(statement -> subResources(statement).contains("${FilesBucket.Arn}/reply-uploads/*")));
        assertTrue(expiring.contains("reply-uploads/"), "abandoned reply uploads expire: " + expiring);
    }

    /** The roles that write evidence cannot destroy it: no policy allows it, and the bucket refuses it to them all. */
    @Test
    void noFunctionCanDestroyEvidence() {
        Set<String> destructive = Set.of("s3:DeleteObjectVersion", "s3:BypassGovernanceRetention",
                "s3:PutObjectLegalHold", "s3:PutBucketObjectLockConfiguration", "s3:PutLifecycleConfiguration",
                "s3:PutBucketVersioning", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy");
        List<String> problems = new ArrayList<>();
        for (FunctionDefinition function : template.functions()) {
            for (Map<String, Object> statement : statementsOf(function)) {
                for (String action : actions(statement)) {
                    if (destructive.stream().anyMatch(denied -> globMatches(action, denied))) {
                        problems.add(function.logicalId() + " allows " + action);
                    }
                }
            }
        }
        for (Map<String, Object> statement : statementsOf(template.function("ProofFunction"))) {
            actions(statement).stream().filter(action -> action.startsWith("s3:Delete"))
                    .forEach(action -> problems.add("ProofFunction, which writes only evidence, allows " + action));
        }
        assertEquals(List.of(), problems);

        Map<String, Object> deny = SamTemplate.listOrEmpty(SamTemplate.mapOrEmpty(template.resource("FilesBucketPolicy")
                        .property("PolicyDocument")).get("Statement")).stream().map(SamTemplate::mapOrEmpty)
                .filter(statement -> "Deny".equals(statement.get("Effect"))
                        && actions(statement).containsAll(destructive))
                .findFirst().orElseThrow(() -> new AssertionError("the bucket policy denies " + destructive));
        Set<String> principals = new HashSet<>();
        SamTemplate.listOrEmpty(SamTemplate.mapOrEmpty(deny.get("Principal")).get("AWS")).forEach(principal ->
                principals.add(SamTemplate.referencedLogicalId(principal).orElse("?")));
        assertEquals(template.functions().stream().map(function -> function.logicalId() + "Role")
                .collect(java.util.stream.Collectors.toSet()), principals);
    }

    /** PITR keeps 35 days; a locked AWS Backup vault keeps monthly copies as long as the evidence. */
    @Test
    void theTableIsProtectedAndBackedUpForTheLegalPeriod() {
        TemplateResource table = template.resource("MessagerieTable");
        assertEquals(true, table.property("DeletionProtectionEnabled"));
        assertEquals(true, SamTemplate.mapOrEmpty(table.property("PointInTimeRecoverySpecification"))
                .get("PointInTimeRecoveryEnabled"));
        assertEquals("Retain", template.section("Resources").entrySet().stream()
                .filter(entry -> entry.getKey().equals("MessagerieTable")).map(entry ->
                        SamTemplate.mapOrEmpty(entry.getValue()).get("DeletionPolicy")).findFirst().orElse(null));

        TemplateResource selection = template.resourcesOfType("AWS::Backup::BackupSelection").stream().findFirst()
                .orElseThrow(() -> new AssertionError("no AWS Backup selection"));
        Map<String, Object> chosen = SamTemplate.mapOrEmpty(selection.property("BackupSelection"));
        assertTrue(SamTemplate.listOrEmpty(chosen.get("Resources")).stream().anyMatch(resource ->
                "MessagerieTable".equals(SamTemplate.referencedLogicalId(resource).orElse(null))), "the table is backed up");
        TemplateResource plan = template.resource(SamTemplate.referencedLogicalId(selection.property("BackupPlanId"))
                .orElseThrow());
        List<Map<String, Object>> rules = SamTemplate.listOrEmpty(SamTemplate.mapOrEmpty(plan.property("BackupPlan"))
                .get("BackupPlanRule")).stream().map(SamTemplate::mapOrEmpty).toList();
        IntrinsicResolver resolver = new IntrinsicResolver(template, LocalConfig.forRepository(ROOT), id -> {
            throw new UnsupportedOperationException(id);
        });
        long longest = rules.stream().mapToLong(rule -> Long.parseLong(resolver.resolveString(
                SamTemplate.mapOrEmpty(rule.get("Lifecycle")).get("DeleteAfterDays")))).max().orElse(0);
        assertTrue(longest >= 3652, "the longest copies are kept 10 years by default: " + longest + " days");
        for (Map<String, Object> rule : rules) {
            TemplateResource vault = template.resource(SamTemplate.referencedLogicalId(rule.get("TargetBackupVault"))
                    .orElseThrow());
            Map<String, Object> vaultLock = SamTemplate.mapOrEmpty(vault.property("LockConfiguration"));
            assertTrue(number(vaultLock.get("MinRetentionDays")) >= 1, vault.logicalId() + " is locked");
            assertEquals(String.valueOf(longest), resolver.resolveString(vaultLock.get("MaxRetentionDays")));
        }
    }

    /** Name, email and organism sign letters and proofs: agents cannot write them, and they sign in with TOTP. */
    @Test
    void agentsSignInWithMfaAndCannotRewriteTheirIdentity() {
        Set<String> identity = Set.of("name", "email", "given_name", "family_name", "preferred_username",
                "custom:organism", "custom:purchasingEntity");
        for (TemplateResource pool : template.resourcesOfType("AWS::Cognito::UserPool")) {
            assertEquals("ON", pool.property("MfaConfiguration"), pool.logicalId());
            assertEquals(List.of("SOFTWARE_TOKEN_MFA"), pool.property("EnabledMfas"));
            assertEquals("ACTIVE", pool.property("DeletionProtection"));
            assertEquals(true, SamTemplate.mapOrEmpty(pool.property("AdminCreateUserConfig"))
                    .get("AllowAdminCreateUserOnly"));
        }
        // The clients people sign in through; a client-credentials client (the platform's) has no user to write.
        List<TemplateResource> clients = template.resourcesOfType("AWS::Cognito::UserPoolClient").stream()
                .filter(client -> !List.of("client_credentials").equals(client.property("AllowedOAuthFlows")))
                .toList();
        assertFalse(clients.isEmpty());
        for (TemplateResource client : clients) {
            // Without WriteAttributes, a client may write every standard attribute.
            assertTrue(client.hasProperty("WriteAttributes"), client.logicalId());
            List<String> writable = SamTemplate.listOrEmpty(client.property("WriteAttributes")).stream()
                    .map(String::valueOf).filter(identity::contains).toList();
            assertEquals(List.of(), writable, client.logicalId());
        }
    }

    /**
     * A user pool has one domain: the platform's client-credentials token endpoint and the console's hosted UI share
     * it, and everything that names the domain names that one.
     */
    @Test
    void oneUserPoolDomainServesThePlatformsTokensAndTheConsolesSignIn() {
        List<TemplateResource> domains = template.resourcesOfType("AWS::Cognito::UserPoolDomain");
        assertEquals(1, domains.size(), "one domain per user pool");
        String domain = domains.get(0).logicalId();
        Map<String, Object> outputs = template.section("Outputs");
        for (String output : List.of("PlatformTokenUrl", "ConsoleConfig")) {
            Intrinsic.Sub value = assertInstanceOf(Intrinsic.Sub.class,
                    SamTemplate.mapOrEmpty(outputs.get(output)).get("Value"), output);
            assertTrue(value.placeholders().contains(domain), output + " names " + domain);
        }
        Intrinsic.Sub csp = assertInstanceOf(Intrinsic.Sub.class, SamTemplate.mapOrEmpty(SamTemplate.mapOrEmpty(
                SamTemplate.mapOrEmpty(template.resource("ConsoleSecurityHeaders").property("ResponseHeadersPolicyConfig"))
                        .get("SecurityHeadersConfig")).get("ContentSecurityPolicy")).get("ContentSecurityPolicy"));
        assertTrue(csp.placeholders().contains(domain), "the console's CSP allows the token endpoint of " + domain);
        List<Object> audiences = new ArrayList<>();
        forEachMap(template.resource("AgentApi").properties(), map -> {
            if (map.get("JwtConfiguration") instanceof Map<?, ?> jwt && jwt.get("audience") instanceof List<?> list) {
                audiences.addAll(list);
            }
        });
        for (String client : List.of("AgentUserPoolClient", "ConsoleUserPoolClient", "PlatformIntegrationClient")) {
            assertTrue(audiences.contains(new Intrinsic.Ref(client)), client + " is an audience of an authorizer");
        }
    }

    @Test
    void outputsGiveTheOperatorWhatTheyNeed() {
        Map<String, Object> outputs = template.section("Outputs");
        Set<String> referenced = new HashSet<>();
        outputs.values().forEach(output -> forEachIntrinsic(SamTemplate.mapOrEmpty(output).get("Value"), intrinsic -> {
            SamTemplate.referencedLogicalId(intrinsic).ifPresent(referenced::add);
            if (intrinsic instanceof Intrinsic.Sub sub) {
                sub.placeholders().forEach(name -> referenced.add(name.split("\\.")[0]));
            }
        }));
        List<String> wanted = new ArrayList<>(List.of("FilesBucket", "MessagerieTable", "EmailConfigurationSet"));
        template.resourcesOfType("AWS::SQS::Queue").forEach(queue -> wanted.add(queue.logicalId()));
        template.resourcesOfType("AWS::CloudWatch::Dashboard").forEach(dashboard -> wanted.add(dashboard.logicalId()));
        template.resourcesOfType("AWS::CloudWatch::Alarm").stream()
                .flatMap(alarm -> SamTemplate.listOrEmpty(alarm.property("AlarmActions")).stream())
                .map(action -> SamTemplate.referencedLogicalId(action).orElse("?")).distinct().forEach(wanted::add);
        assertEquals(List.of(), wanted.stream().filter(id -> !referenced.contains(id)).toList());
    }

    private static Set<String> deadLetterQueues() {
        Set<String> deadLetterQueues = new HashSet<>();
        for (TemplateResource queue : template.resourcesOfType("AWS::SQS::Queue")) {
            SamTemplate.referencedLogicalId(SamTemplate.mapOrEmpty(queue.property("RedrivePolicy"))
                    .get("deadLetterTargetArn")).ifPresent(deadLetterQueues::add);
        }
        return deadLetterQueues;
    }

    /** Alarms on {@code namespace/metric}, with the given dimension pointing at {@code resourceId} (null: none). */
    private static List<TemplateResource> alarmsOn(String namespace, String metric, String dimension,
                                                   String resourceId) {
        return template.resourcesOfType("AWS::CloudWatch::Alarm").stream()
                .filter(alarm -> namespace.equals(alarm.property("Namespace"))
                        && metric.equals(alarm.property("MetricName")))
                .filter(alarm -> dimension == null || SamTemplate.listOrEmpty(alarm.property("Dimensions")).stream()
                        .map(SamTemplate::mapOrEmpty)
                        .anyMatch(d -> dimension.equals(d.get("Name"))
                                && resourceId.equals(SamTemplate.referencedLogicalId(d.get("Value")).orElse(null))))
                .toList();
    }

    private static List<Map<String, Object>> statementsOf(FunctionDefinition function) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : SamTemplate.listOrEmpty(function.resource().property("Policies"))) {
            SamTemplate.listOrEmpty(SamTemplate.mapOrEmpty(policy).get("Statement"))
                    .forEach(statement -> statements.add(SamTemplate.mapOrEmpty(statement)));
        }
        return statements;
    }

    private static List<String> actions(Map<String, Object> statement) {
        Object actions = statement.get("Action");
        return (actions instanceof List<?> many ? many : List.of(String.valueOf(actions))).stream()
                .map(String::valueOf).toList();
    }

    /** The logical ids a statement's resources point at. */
    private static List<String> resources(Map<String, Object> statement) {
        Object resources = statement.get("Resource");
        return (resources instanceof List<?> many ? many : List.of(resources)).stream()
                .map(resource -> SamTemplate.referencedLogicalId(resource).orElse(String.valueOf(resource))).toList();
    }

    /** The !Sub texts of a statement's resources. */
    private static List<String> subResources(Map<String, Object> statement) {
        Object resources = statement.get("Resource");
        return (resources instanceof List<?> many ? many : List.of(resources)).stream()
                .map(resource -> resource instanceof Intrinsic.Sub sub ? sub.template() : String.valueOf(resource))
                .toList();
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value));
    }

    private static void checkStatement(String owner, Map<String, Object> statement, List<String> problems) {
        if (!"Allow".equals(statement.get("Effect"))) {
            return;
        }
        if (statement.containsKey("NotAction")) {
            problems.add(owner + " allows NotAction");
        }
        Object actions = statement.get("Action");
        List<?> list = actions instanceof List<?> many ? many : List.of(String.valueOf(actions));
        for (Object item : list) {
            String action = String.valueOf(item);
            if (action.equals("*") || action.endsWith(":*")) {
                problems.add(owner + " allows " + action);
            } else if (globMatches(action, "dynamodb:Scan")) {
                problems.add(owner + " allows " + action + " (Scan)");
            }
        }
    }

    private static boolean globMatches(String glob, String action) {
        String regex = ("\\Q" + glob + "\\E").replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(action).matches();
    }

    private static Optional<String> logGroupNamedAfter(String functionId) {
        return template.resourcesOfType("AWS::Logs::LogGroup").stream()
                .filter(group -> group.property("LogGroupName") instanceof Intrinsic.Sub sub
                        && sub.placeholders().contains(functionId))
                .map(TemplateResource::logicalId)
                .findFirst();
    }

    private static boolean isSamGenerated(String name) {
        return SAM_GENERATED.contains(name) || template.functions().stream()
                .anyMatch(function -> name.equals(function.logicalId() + "Role"))
                || name.endsWith(".Stage") && template.resources().containsKey(name.substring(0, name.length() - 6))
                && template.resource(name.substring(0, name.length() - 6)).isOfType("AWS::Serverless::HttpApi");
    }

    private static void forEachIntrinsic(Object value, Consumer<Intrinsic> action) {
        if (value instanceof Intrinsic intrinsic) {
            action.accept(intrinsic);
            if (intrinsic instanceof Intrinsic.Function function) {
                forEachIntrinsic(function.argument(), action);
            } else if (intrinsic instanceof Intrinsic.Sub sub) {
                forEachIntrinsic(sub.variables(), action);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(item -> forEachIntrinsic(item, action));
        } else if (value instanceof List<?> list) {
            list.forEach(item -> forEachIntrinsic(item, action));
        }
    }

    private static void forEachMap(Object value, Consumer<Map<String, Object>> action) {
        if (value instanceof Map<?, ?> map) {
            action.accept(SamTemplate.mapOrEmpty(map));
            map.values().forEach(item -> forEachMap(item, action));
        } else if (value instanceof List<?> list) {
            list.forEach(item -> forEachMap(item, action));
        }
    }
}
