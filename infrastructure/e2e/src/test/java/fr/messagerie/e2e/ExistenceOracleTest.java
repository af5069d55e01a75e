package fr.messagerie.e2e;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.common.Hashes;
import fr.messagerie.sam.HttpApiInvoker;
import fr.messagerie.sam.HttpRoute;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No agent route tells another organism's ids from ids that do not exist: for every agent route of template.yaml
 * that takes an id, an agent of region-sud gets the very same answer (404, code, message, body) for Alice's
 * consultation, letter, delivery and file as for unknown ones, and changes nothing.
 */
@ExtendWith(LocalAwsExtension.class)
class ExistenceOracleTest {
    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z]+)}");
    /** A valid body for the routes that read one, so that only the id decides the answer. */
    private static final Map<String, String> BODIES = Map.ofEntries(
            Map.entry("POST /consultations/{consultationId}/letters", "{\"letterType\": \"COURRIER_LIBRE\"}"),
            Map.entry("PUT /letters/{letterId}", "{\"subject\": \"Piraté\"}"),
            Map.entry("POST /letters/{letterId}/attachments", "{\"fileName\": \"a.pdf\", \"contentType\": "
                    + "\"application/pdf\", \"size\": 3, \"sha256\": \"" + Hashes.sha256("abc") + "\"}"),
            Map.entry("POST /letters/{letterId}/attachments/from-documents",
                    "{\"documentKey\": \"consultations/x/documents/a\"}"),
            Map.entry("POST /consultations/{consultationId}/dce-changes",
                    "{\"pieces\": [{\"documentKey\": \"consultations/region-sud/x/documents/a.pdf\", "
                            + "\"change\": \"ADDED\"}]}"),
            Map.entry("PUT /deliveries/{deliveryId}/favorite", "{\"favorite\": true}"),
            Map.entry("POST /deliveries/{deliveryId}/resend", "{\"email\": \"autre@entreprise.example\"}"));

    private final LocalSystem system;
    private final HttpApiInvoker api;
    private final AgentApi agent;

    ExistenceOracleTest(LocalSystem system) {
        this.system = system;
        this.api = system.api();
        this.agent = new AgentApi(api);
    }

    @Test
    void another_organisms_ids_get_the_answer_of_ids_that_do_not_exist_on_every_agent_route() throws Exception {
        Map<String, String> alices = alicesIds();
        Map<String, String> unknown = new LinkedHashMap<>();
        alices.keySet().forEach(name -> unknown.put(name, "inconnu-" + UUID.randomUUID()));
        String draftBefore = agent.letter(alices.get("letterId")).toString();

        List<String> walked = new ArrayList<>();
        for (HttpRoute route : system.template().httpRoutes()) {
            // Agents' routes: the JWT authorizer with no scope (the platform's routes require one).
            if (!route.isProtected() || !route.scopes().isEmpty() || !route.path().contains("{")) {
                continue;
            }
            String body = BODIES.get(route.routeKey());
            APIGatewayV2HTTPResponse theirs = api.call(route.method(), path(route, alices), body,
                    Map.of("content-type", "application/json"), AgentApi.BRUNO);
            APIGatewayV2HTTPResponse missing = api.call(route.method(), path(route, unknown), body,
                    Map.of("content-type", "application/json"), AgentApi.BRUNO);
            String context = route.routeKey() + ": " + theirs.getBody() + " / " + missing.getBody();
            assertEquals(404, theirs.getStatusCode(), context);
            assertEquals(404, missing.getStatusCode(), context);
            JsonNode problem = AgentApi.read(theirs);
            assertTrue(problem.path("code").asText().endsWith("-not-found"), context);
            assertEquals(problem.path("code"), AgentApi.read(missing).path("code"), context);
            assertEquals(theirs.getHeaders().get("Content-Type"), missing.getHeaders().get("Content-Type"), context);
            assertEquals(withoutIds(theirs.getBody(), alices), withoutIds(missing.getBody(), unknown), context);
            walked.add(route.routeKey());
        }
        assertTrue(walked.size() >= 21, "every agent route taking an id: " + walked);
        assertTrue(walked.containsAll(List.of("GET /deliveries/{deliveryId}/proof", "DELETE /letters/{letterId}",
                "GET /deliveries/{deliveryId}/reply-files/{fileId}", "GET /consultations/{consultationId}/documents",
                "POST /consultations/{consultationId}/dce-changes")), walked.toString());

        assertEquals(draftBefore, agent.letter(alices.get("letterId")).toString(), "Alice's draft is untouched");
        JsonNode thread = AgentApi.expect(200, api.get("/deliveries/" + alices.get("deliveryId"), AgentApi.ALICE));
        assertFalse(thread.path("favorite").asBoolean(), thread.toString());
        assertEquals(1, AgentApi.expect(200, api.get("/consultations/" + alices.get("consultationId")
                + "/deliveries", AgentApi.ALICE)).path("total").asInt(), "no resend, no new delivery");
        assertEquals(1, AgentApi.expect(200, api.get("/consultations/" + alices.get("consultationId")
                + "/drafts", AgentApi.ALICE)).path("total").asInt(), "no DCE change notice among Alice's drafts");
        // The one agent route without an id: the list of consultations, which names none of another organism's.
        JsonNode brunos = AgentApi.expect(200, api.get("/consultations", AgentApi.BRUNO));
        assertFalse(brunos.toString().contains(alices.get("consultationId")), brunos.toString());
    }

    /** Alice's real ids: her consultation, a draft with a file, and the delivery of a sent letter. */
    private Map<String, String> alicesIds() throws Exception {
        String consultation = agent.newConsultation();
        String draft = agent.createDraft(consultation, "{\"letterType\": \"COURRIER_LIBRE\"}").path("id").asText();
        String attachment = agent.attach(draft, "Règlement.pdf", "règlement".getBytes(StandardCharsets.UTF_8))
                .path("id").asText();
        String sent = agent.createDraft(consultation, """
                {"letterType": "COURRIER_LIBRE", "recipients": {"addresses": "%s"}}"""
                .formatted(Mail.address("oracle"))).path("id").asText();
        String delivery = agent.send(sent).path("deliveries").get(0).path("id").asText();
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("consultationId", consultation);
        ids.put("letterId", draft);
        ids.put("attachmentId", attachment);
        ids.put("deliveryId", delivery);
        ids.put("fileId", "fichier-" + UUID.randomUUID());
        for (String path : List.of("/consultations/" + consultation, "/letters/" + draft,
                "/letters/" + draft + "/attachments/" + attachment, "/deliveries/" + delivery)) {
            assertEquals(200, api.get(path, AgentApi.ALICE).getStatusCode(), "Alice reaches " + path);
        }
        return ids;
    }

    private static String path(HttpRoute route, Map<String, String> ids) {
        Matcher matcher = PARAMETER.matcher(route.path());
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String id = ids.get(matcher.group(1));
            if (id == null) {
                throw new AssertionError("No id for {" + matcher.group(1) + "} of " + route.routeKey()
                        + ": add one to this test");
            }
            matcher.appendReplacement(path, id);
        }
        return matcher.appendTail(path).toString();
    }

    /** The body with the ids of the request (in "instance") replaced by their names. */
    private static String withoutIds(String body, Map<String, String> ids) {
        String result = body;
        for (Map.Entry<String, String> id : ids.entrySet()) {
            result = result.replace(id.getValue(), "{" + id.getKey() + "}");
        }
        return result;
    }
}
