package fr.messagerie.sam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * template.yaml as CloudFormation receives it: transformed by the SAM translator (the Python package samtranslator,
 * which cfn-lint also uses), with local CodeUri jars replaced by S3 locations as {@code sam deploy} does after
 * uploading them.
 */
class SamTranslationTest {

    private static final Path ROOT = LocalConfig.findRepositoryRoot(Path.of(System.getProperty("user.dir")));
    private static final String TRANSLATE = """
            import json, sys
            import boto3
            from samtranslator.parser import parser
            from samtranslator.translator.translator import Translator
            from samtranslator.yaml_helper import yaml_parse
            with open(sys.argv[1], encoding="utf-8") as file:
                template = yaml_parse(file.read())
            for resource in template["Resources"].values():
                code = resource.get("Properties", {}).get("CodeUri")
                if resource.get("Type") == "AWS::Serverless::Function" and isinstance(code, str):
                    resource["Properties"]["CodeUri"] = "s3://deployment-bucket/" + code
            parameters = dict(arg.split("=", 1) for arg in sys.argv[2:])
            session = boto3.session.Session(region_name="eu-west-3")
            translated = Translator(managed_policy_map={}, sam_parser=parser.Parser(), boto_session=session) \\
                .translate(sam_template=template, parameter_values=parameters)
            json.dump(translated, sys.stdout)
            """;
    private static final String ALIAS = "live";

    private static SamTemplate template;
    private static JsonNode resources;

    @BeforeAll
    static void translate() throws Exception {
        template = SamTemplate.load(ROOT.resolve("template.yaml"));
        resources = translate(Map.of()).get("Resources");
    }

    @Test
    void everyFunctionRunsJava25FromASnapStartVersionBehindItsAlias() {
        List<String> problems = new ArrayList<>();
        for (FunctionDefinition function : template.functions()) {
            JsonNode properties = resources.path(function.logicalId()).path("Properties");
            if (!"java25".equals(properties.path("Runtime").asText())) {
                problems.add(function.logicalId() + " runs " + properties.path("Runtime").asText());
            }
            if (!resources.path(function.logicalId()).path("Metadata").path("SkipBuild").asBoolean()) {
                problems.add(function.logicalId() + " would be built again by sam build (Metadata SkipBuild)");
            }
            if (!"PublishedVersions".equals(properties.path("SnapStart").path("ApplyOn").asText())) {
                problems.add(function.logicalId() + " has no SnapStart on its published versions");
            }
            JsonNode alias = resources.path(aliasOf(function));
            if (!"AWS::Lambda::Alias".equals(alias.path("Type").asText())
                    || !function.logicalId().equals(alias.path("Properties").path("FunctionName").path("Ref").asText())) {
                problems.add(function.logicalId() + " has no alias " + ALIAS);
            } else {
                String version = alias.path("Properties").path("FunctionVersion").path("Fn::GetAtt").path(0).asText();
                if (!"AWS::Lambda::Version".equals(resources.path(version).path("Type").asText())) {
                    problems.add(aliasOf(function) + " points at no published version");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theApiHasTheTemplatesRoutesEachCallingItsFunctionsAliasPublicOnlyUnderR() {
        JsonNode paths = single("AWS::ApiGatewayV2::Api").path("Properties").path("Body").path("paths");
        Map<String, String> expected = new TreeMap<>();
        for (HttpRoute route : template.httpRoutes()) {
            expected.put(route.routeKey(), aliasOf(route.functionId())
                    + (route.isProtected() ? " " + route.authorizer() + route.scopes() : " NONE"));
        }
        Map<String, String> actual = new TreeMap<>();
        paths.properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String uri = operation.getValue().path("x-amazon-apigateway-integration").path("uri").path("Fn::Sub")
                    .asText();
            String target = uri.replaceAll(".*\\$\\{([A-Za-z0-9]+)}/invocations$", "$1");
            JsonNode requirement = operation.getValue().path("security").path(0);
            String security = requirement.fieldNames().next();
            List<String> scopes = new ArrayList<>();
            requirement.path(security).forEach(scope -> scopes.add(scope.asText()));
            actual.put(operation.getKey().toUpperCase() + " " + path.getKey(),
                    target + " " + security + ("NONE".equals(security) ? "" : scopes.toString()));
        }));
        assertEquals(expected, actual);
        assertEquals(Set.of("GET /r/{token}", "POST /r/{token}/open", "GET /r/{token}/files/{fileId}",
                        "GET /r/{token}/reply-files/uploaded", "POST /r/{token}/reply-files/{fileId}/delete",
                        "POST /r/{token}/reply", "GET /r/{token}/history", "GET /r/{token}/proof"),
                actual.entrySet().stream().filter(route -> route.getValue().endsWith(" NONE")).map(Map.Entry::getKey)
                        .collect(Collectors.toSet()));
    }

    @Test
    void apiGatewayMayInvokeTheAliasesOnly() {
        Set<String> invoked = new TreeSet<>();
        resources.properties().forEach(resource -> {
            JsonNode properties = resource.getValue().path("Properties");
            if ("AWS::Lambda::Permission".equals(resource.getValue().path("Type").asText())
                    && "apigateway.amazonaws.com".equals(properties.path("Principal").asText())) {
                invoked.add(properties.path("FunctionName").path("Ref").asText());
            }
        });
        Set<String> httpFunctions = template.httpRoutes().stream().map(route -> aliasOf(route.functionId()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(httpFunctions, invoked);
    }

    @Test
    void queuesFeedTheAliasesAndReportBatchItemFailures() {
        Map<String, String> mappings = new TreeMap<>();
        for (JsonNode mapping : all("AWS::Lambda::EventSourceMapping")) {
            JsonNode properties = mapping.path("Properties");
            mappings.put(properties.path("EventSourceArn").path("Fn::GetAtt").path(0).asText(),
                    properties.path("FunctionName").path("Ref").asText() + " "
                            + properties.path("FunctionResponseTypes"));
        }
        Map<String, String> expected = new TreeMap<>();
        template.sqsTriggers().forEach(trigger -> expected.put(trigger.queueLogicalId(),
                aliasOf(trigger.functionId()) + " [\"ReportBatchItemFailures\"]"));
        assertEquals(expected, mappings);
        assertEquals(2, mappings.size(), "dispatch queue -> send, events queue -> ses-events");
    }

    @Test
    void publicRoutesAreThrottledAndAccessLogsKeepNoToken() {
        JsonNode stage = single("AWS::ApiGatewayV2::Stage").path("Properties");
        Set<String> throttled = new TreeSet<>();
        stage.path("RouteSettings").properties().forEach(setting -> {
            if (setting.getValue().has("ThrottlingRateLimit") && setting.getValue().has("ThrottlingBurstLimit")) {
                throttled.add(setting.getKey());
            }
        });
        Set<String> publicRoutes = template.httpRoutes().stream().filter(route -> !route.isProtected())
                .map(HttpRoute::routeKey).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(publicRoutes, throttled);

        JsonNode logs = stage.path("AccessLogSettings");
        String logGroup = logs.path("DestinationArn").path("Fn::GetAtt").path(0).asText();
        assertEquals("AWS::Logs::LogGroup", resources.path(logGroup).path("Type").asText());
        assertTrue(resources.path(logGroup).path("Properties").has("RetentionInDays"), logGroup + " retention");
        String format = logs.path("Format").asText();
        assertTrue(format.contains("$context.routeKey") && format.contains("$context.status"), format);
        assertFalse(format.contains("$context.path") || format.contains("$context.resourcePath"),
                "the path of a recipient page carries the token of its link: " + format);
    }

    @Test
    void theRecipientDomainIsACustomDomainOfTheApiWhenGiven() throws Exception {
        JsonNode withDomain = translate(Map.of("RecipientDomainName", "messagerie.exemple.fr",
                "RecipientCertificateArn", "arn:aws:acm:eu-west-3:123456789012:certificate/abc"));
        JsonNode domain = withDomain.path("Resources").path("RecipientDomain");
        JsonNode mapping = withDomain.path("Resources").path("RecipientDomainMapping");
        assertEquals("AWS::ApiGatewayV2::DomainName", domain.path("Type").asText());
        assertEquals("HasRecipientDomain", domain.path("Condition").asText());
        assertEquals("REGIONAL", domain.path("Properties").path("DomainNameConfigurations").path(0)
                .path("EndpointType").asText());
        assertEquals("AWS::ApiGatewayV2::ApiMapping", mapping.path("Type").asText());
        assertEquals("HasRecipientDomain", mapping.path("Condition").asText());
        assertEquals("AgentApi", mapping.path("Properties").path("ApiId").path("Ref").asText());
        String stage = mapping.path("Properties").path("Stage").path("Ref").asText();
        assertEquals("AWS::ApiGatewayV2::Stage", withDomain.path("Resources").path(stage).path("Type").asText());

        // The links of the emails are built from the domain when there is one, known before the first deploy.
        for (String function : List.of("SendFunction", "RecipientFunction", "ProofFunction")) {
            JsonNode baseUrl = withDomain.path("Resources").path(function).path("Properties").path("Environment")
                    .path("Variables").path("RECIPIENT_BASE_URL").path("Fn::If");
            assertEquals("HasRecipientDomain", baseUrl.path(0).asText(), function);
            assertEquals("https://${RecipientDomainName}", baseUrl.path(1).path("Fn::Sub").asText(), function);
            assertEquals("RecipientBaseUrl", baseUrl.path(2).path("Ref").asText(), function);
        }
    }

    private static String aliasOf(FunctionDefinition function) {
        return aliasOf(function.logicalId());
    }

    /** The logical id SAM gives the alias of AutoPublishAlias. */
    private static String aliasOf(String functionId) {
        return functionId + "Alias" + ALIAS;
    }

    private static JsonNode single(String type) {
        List<JsonNode> found = all(type);
        assertEquals(1, found.size(), type);
        return found.get(0);
    }

    private static List<JsonNode> all(String type) {
        List<JsonNode> found = new ArrayList<>();
        resources.forEach(resource -> {
            if (type.equals(resource.path("Type").asText())) {
                found.add(resource);
            }
        });
        return found;
    }

    private static JsonNode translate(Map<String, String> parameters) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", "-c", TRANSLATE,
                ROOT.resolve("template.yaml").toString()));
        parameters.forEach((name, value) -> command.add(name + "=" + value));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new IllegalStateException("python3 with the SAM translator is needed (pip install cfn-lint brings"
                    + " it, see README.md)", e);
        }
        process.getOutputStream().close();
        byte[] stdout = process.getInputStream().readAllBytes();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("The SAM translator refused template.yaml:\n" + stderr);
        }
        return new ObjectMapper().readTree(stdout);
    }
}
