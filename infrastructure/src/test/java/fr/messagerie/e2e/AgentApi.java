package fr.messagerie.e2e;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.infrastructure.HttpApiInvoker;
import fr.messagerie.support.Json;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent API as the front-end calls it, through the routes of template.yaml. */
final class AgentApi {
    static final Map<String, String> ALICE = Map.of("sub", "agent-alice", "name", "Alice MARTIN",
            "email", "alice.martin@departement13.fr", "custom:organism", "departement-13",
            "custom:purchasingEntity", "Direction des Systèmes d'Information");
    static final Map<String, String> BRUNO = Map.of("sub", "agent-bruno", "name", "Bruno ROUX",
            "email", "bruno.roux@region-sud.fr", "custom:organism", "region-sud",
            "custom:purchasingEntity", "Direction des achats");

    static final String CONSULTATION = """
            {"reference": "ADO-2207-2020", "title": "Achat de matériel informatique",
             "object": "Achat d'ordinateurs fixes, d'écrans et d'ordinateurs portables",
             "bidDeadline": "2030-07-31T17:30:00+02:00",
             "organismName": "Département des Bouches-du-Rhône",
             "purchasingEntity": "Direction des Systèmes d'Information",
             "directLink": "https://marches.exemple.fr/consultation/516386",
             "registers": {
               "WITHDRAWALS": [
                 {"name": "DUPONT Gregory", "company": "ATEXO", "email": "gregory@atexo.example"},
                 {"name": "ROBERT Bernard", "company": "LOCAL TRUST", "email": "bernard.robert@local-trust.example"}],
               "DEPOSITS": [
                 {"name": "FOURNIER Paul", "company": "FORPRO CORPORATION", "email": "paul.fournier@forpro.example"}]
             }}""";

    private final HttpApiInvoker api;

    AgentApi(HttpApiInvoker api) {
        this.api = api;
    }

    /** A new consultation of Alice's organism, with its registers. */
    String newConsultation() {
        String id = "cons-" + UUID.randomUUID();
        expect(200, api.put("/consultations/" + id, CONSULTATION, ALICE));
        return id;
    }

    JsonNode createDraft(String consultationId, String json) {
        return expect(201, api.post("/consultations/" + consultationId + "/letters", json, ALICE));
    }

    /** Sends, then reads the letter back with its deliveries. */
    JsonNode send(String letterId) {
        JsonNode receipt = expect(202, api.post("/letters/" + letterId + "/send", null, ALICE));
        assertEquals("SENT", receipt.path("state").asText());
        return letter(letterId);
    }

    JsonNode letter(String letterId) {
        return expect(200, api.get("/letters/" + letterId, ALICE));
    }

    HttpApiInvoker http() {
        return api;
    }

    static JsonNode expect(int status, APIGatewayV2HTTPResponse response) {
        assertEquals(status, response.getStatusCode(), () -> "unexpected response " + response.getBody());
        return read(response);
    }

    /** A problem+json refusal with its stable code and a French message. */
    static JsonNode expectProblem(int status, String code, APIGatewayV2HTTPResponse response) {
        JsonNode problem = expect(status, response);
        assertTrue(response.getHeaders().get("Content-Type").startsWith("application/problem+json"),
                () -> "content type " + response.getHeaders());
        assertEquals(code, problem.path("code").asText(), () -> "problem " + problem);
        assertEquals(status, problem.path("status").asInt());
        assertTrue(problem.path("detail").asText().matches(".*[a-zàâçéèêëîïôûùüÿœ]{3,}.*"),
                () -> "a readable French message: " + problem);
        return problem;
    }

    static JsonNode read(APIGatewayV2HTTPResponse response) {
        if (response.getBody() == null || response.getBody().isEmpty()) {
            return Json.MAPPER.nullNode();
        }
        try {
            return Json.MAPPER.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }
}
