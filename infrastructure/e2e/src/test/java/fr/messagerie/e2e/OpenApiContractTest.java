package fr.messagerie.e2e;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import fr.messagerie.common.Hashes;
import fr.messagerie.files.FileKeys;
import fr.messagerie.sam.HttpRoute;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalConfig;
import fr.messagerie.sam.LocalSystem;
import fr.messagerie.sam.SamTemplate;
import fr.messagerie.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * openapi.yaml, the description the console's client types are generated from, against the real handlers: it lists
 * exactly the agent routes of template.yaml, and every answer of a walk through all of them matches its schema.
 */
@ExtendWith(LocalAwsExtension.class)
class OpenApiContractTest {
    private static final Path ROOT = LocalConfig.findRepositoryRoot(Path.of(System.getProperty("user.dir")));
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final LocalSystem system;
    private final AgentApi agent;
    private final JsonNode spec;
    private final Set<String> covered = new TreeSet<>();
    private final List<String> mismatches = new ArrayList<>();

    OpenApiContractTest(LocalSystem system) throws Exception {
        this.system = system;
        this.agent = new AgentApi(system.api());
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("openapi.yaml"), StandardCharsets.UTF_8)) {
            Object yaml = new Yaml().load(reader);
            this.spec = Json.MAPPER.valueToTree(yaml);
        }
    }

    /**
     * The agents' API only: the routes behind the agents' JWT authorizer with no scope. The platform's integration
     * routes (their own authorizer and scope messagerie/integration) are described in the README's "Platform
     * integration" section, not here: the console never calls them.
     */
    @Test
    void the_description_lists_exactly_the_agent_routes_of_the_template() throws Exception {
        Set<String> agents = new TreeSet<>();
        Set<String> platform = new TreeSet<>();
        for (HttpRoute route : SamTemplate.load(ROOT.resolve("template.yaml")).httpRoutes()) {
            if (route.isProtected()) {
                (route.scopes().isEmpty() ? agents : platform).add(route.method() + " " + route.path());
            }
        }
        assertEquals(agents, operations(), "openapi.yaml against template.yaml's agent routes");
        assertEquals(Set.of("PUT /organisms/{organismId}", "PUT /consultations/{consultationId}"), platform,
                "the platform's routes");
        String readme = Files.readString(ROOT.resolve("README.md"));
        String integration = readme.substring(readme.indexOf("## Platform integration"));
        for (String route : platform) {
            assertTrue(integration.contains("`" + route + "`"),
                    route + " is described in the README's platform integration section");
        }
    }

    @Test
    void every_route_answers_as_described() throws Exception {
        String consultation = "contrat-" + java.util.UUID.randomUUID();
        // Pushed by the platform (its token), as every consultation is.
        agent.putConsultation(consultation, AgentApi.CONSULTATION);
        check("GET", "/letter-types", null);
        check("GET", "/consultations", null);
        check("GET", "/consultations/" + consultation, null);
        check("GET", "/consultations/inconnue", null);
        check("GET", "/consultations/" + consultation + "/registers", null);
        String company = Mail.address("contrat");
        String bounce = "bounce@simulator.amazonses.com";
        JsonNode draft = check("POST", "/consultations/" + consultation + "/letters", """
                {"letterType": "DEMANDE_COMPLEMENT", "replyOptions": {"allowed": true,
                 "deadline": "2030-01-31T17:00:00+01:00", "sealed": true},
                 "recipients": {"addresses": "%s %s", "registers": ["DEPOSITS"]}}""".formatted(company, bounce));
        String letterId = draft.path("id").asText();
        check("PUT", "/letters/" + letterId, "{\"subject\": \"Contrat d'interface\"}");
        check("PUT", "/letters/" + letterId, "{\"subject\": \"\"}");
        check("GET", "/letters/" + letterId, null);

        byte[] content = "bordereau".getBytes(StandardCharsets.UTF_8);
        JsonNode upload = check("POST", "/letters/" + letterId + "/attachments", "{\"fileName\": \"b.pdf\", "
                + "\"contentType\": \"application/pdf\", \"size\": " + content.length + ", \"sha256\": \""
                + Hashes.sha256(content) + "\"}");
        assertEquals(200, AgentApi.put(upload.path("upload"), content));
        String attachmentId = upload.path("attachment").path("id").asText();
        check("POST", "/letters/" + letterId + "/attachments/" + attachmentId + "/complete", null);
        String key = FileKeys.consultationDocuments("departement-13", consultation) + "dce/reglement.pdf";
        system.s3().putObject(r -> r.bucket(system.resources().bucketName("FilesBucket")).key(key),
                RequestBody.fromBytes(content));
        JsonNode fromDocuments = check("POST", "/letters/" + letterId + "/attachments/from-documents",
                "{\"documentKey\": \"" + key + "\"}");
        check("GET", "/letters/" + letterId + "/attachments", null);
        JsonNode documents = check("GET", "/consultations/" + consultation + "/documents", null);
        assertEquals(key, documents.path("documents").get(0).path("key").asText());
        assertEquals("reglement.pdf", documents.path("documents").get(0).path("fileName").asText());
        check("POST", "/consultations/" + consultation + "/dce-changes",
                "{\"pieces\": [{\"documentKey\": \"" + key + "\", \"change\": \"REPLACED\"}]}");
        check("POST", "/consultations/" + consultation + "/dce-changes", "{\"pieces\": []}");
        check("POST", "/consultations/" + consultation + "/dce-changes",
                "{\"pieces\": [{\"documentKey\": \"" + key + "x\", \"change\": \"ADDED\"}]}");
        check("GET", "/consultations/inconnue/documents", null);
        check("POST", "/letters/" + letterId + "/attachments", "{\"fileName\": 12}");
        check("GET", "/letters/" + letterId + "/attachments/" + attachmentId, null);
        check("DELETE", "/letters/" + letterId + "/attachments/" + fromDocuments.path("id").asText(), null);
        String other = check("POST", "/consultations/" + consultation + "/letters",
                "{\"letterType\": \"COURRIER_LIBRE\"}").path("id").asText();
        check("GET", "/consultations/" + consultation + "/drafts", null);
        check("DELETE", "/letters/" + other, null);

        check("POST", "/letters/" + letterId + "/send", null);
        check("POST", "/letters/" + letterId + "/send", null);
        system.sqs().drain("SendFunction");
        system.mailbox().sentTo(company).forEach(m -> system.sesEvents().simulate(m));
        system.mailbox().sentTo(bounce).forEach(m -> system.sesEvents().simulate(m));
        system.sqs().drain("SesEventsFunction");
        JsonNode letter = check("GET", "/letters/" + letterId, null);
        String bounced = null;
        for (JsonNode delivery : letter.path("deliveries")) {
            if (delivery.path("recipient").path("email").asText().equals(bounce)) {
                bounced = delivery.path("id").asText();
            }
        }
        var list = system.api().get("/consultations/" + consultation + "/deliveries?limit=10", AgentApi.ALICE);
        validate("GET /consultations/{consultationId}/deliveries", list);
        check("GET", "/consultations/" + consultation + "/deliveries?status=LU", null);
        validate("GET /consultations/{consultationId}/deliveries", system.api().call("GET", "/consultations/"
                + consultation + "/deliveries?limit=10", null, Map.of("If-None-Match", list.getHeaders().get("ETag")),
                AgentApi.ALICE));
        check("GET", "/deliveries/" + bounced, null);
        check("PUT", "/deliveries/" + bounced + "/favorite", "{\"favorite\": true}");
        check("POST", "/deliveries/" + bounced + "/reply-read", null);
        check("GET", "/deliveries/" + bounced + "/reply-files/inconnu", null);
        check("GET", "/deliveries/" + bounced + "/proof", null);
        check("POST", "/deliveries/" + bounced + "/resend", null);
        check("POST", "/deliveries/" + bounced + "/resend", "{\"email\": \"" + Mail.address("corrige") + "\"}");
        String delivered = null;
        for (JsonNode delivery : letter.path("deliveries")) {
            if (delivery.path("recipient").path("email").asText().equals(company)) {
                delivered = delivery.path("id").asText();
            }
        }
        check("POST", "/deliveries/" + delivered + "/revoke-link", null);
        check("GET", "/deliveries/" + delivered, null);
        check("GET", "/deliveries/inconnue", null);
        check("GET", "/letters/inconnu", null);

        // The resends queued dispatches: sent now, so that no later test of this JVM finds them in the queue.
        system.sqs().drain("SendFunction");

        assertEquals(List.of(), mismatches, "answers that do not match openapi.yaml");
        assertEquals(operations(), covered, "every operation of openapi.yaml was called");
    }

    private JsonNode check(String method, String pathWithQuery, String body) {
        APIGatewayV2HTTPResponse response = system.api().call(method, pathWithQuery, body, Map.of(), AgentApi.ALICE);
        String path = pathWithQuery.split("\\?", 2)[0];
        String operation = operations().stream().filter(op -> matches(op, method, path))
                .reduce((a, b) -> a.contains("{") && !b.contains("{") ? b : a)
                .orElseThrow(() -> new AssertionError("no operation for " + method + " " + path));
        validate(operation, response);
        return AgentApi.read(response);
    }

    private void validate(String operation, APIGatewayV2HTTPResponse response) {
        covered.add(operation);
        String[] parts = operation.split(" ", 2);
        JsonNode described = spec.path("paths").path(parts[1]).path(parts[0].toLowerCase()).path("responses")
                .path(String.valueOf(response.getStatusCode()));
        String where = operation + " → " + response.getStatusCode();
        if (described.isMissingNode()) {
            mismatches.add(where + ": status not described (" + response.getBody() + ")");
            return;
        }
        if (described.has("$ref")) {
            described = resolve(described.path("$ref").asText());
        }
        JsonNode content = described.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            if (response.getBody() != null && !response.getBody().isEmpty()) {
                mismatches.add(where + ": a body where none is described");
            }
            return;
        }
        String contentType = response.getHeaders().getOrDefault("Content-Type", "").split(";", 2)[0].trim();
        JsonNode media = content.path(contentType);
        if (media.isMissingNode()) {
            mismatches.add(where + ": content type " + contentType + " not described");
            return;
        }
        ObjectNode schema = spec.deepCopy();
        schema.put("$ref", media.path("schema").path("$ref").asText());
        Set<ValidationMessage> errors = SCHEMAS.getSchema(schema).validate(AgentApi.read(response));
        errors.forEach(error -> mismatches.add(where + ": " + error.getMessage()));
    }

    private JsonNode resolve(String ref) {
        JsonNode node = spec;
        for (String part : ref.substring(2).split("/")) {
            node = node.path(part);
        }
        return node;
    }

    private Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : List.of("get", "put", "post", "delete")) {
                if (path.getValue().has(method)) {
                    operations.add(method.toUpperCase() + " " + path.getKey());
                }
            }
        }
        return operations;
    }

    private static boolean matches(String operation, String method, String path) {
        String[] parts = operation.split(" ", 2);
        return parts[0].equals(method) && Pattern.matches(parts[1].replaceAll("\\{[^}]+}", "[^/]+"), path);
    }
}
