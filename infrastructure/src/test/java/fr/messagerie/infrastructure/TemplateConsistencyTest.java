package fr.messagerie.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
