package fr.messagerie.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.local.DemoData;
import fr.messagerie.local.DevelopmentAgents;
import fr.messagerie.sam.HttpApiInvoker;
import fr.messagerie.support.Json;

import java.util.Map;
import java.util.UUID;

/** An agent calling the API through the template's routes, failing loudly on any unexpected answer. */
final class BenchAgent {
    static final Map<String, String> CLAIMS = DevelopmentAgents.ALICE;
    static final String ORGANISM = CLAIMS.get("custom:organism");
    private static final String CONSULTATION = DemoData.DEPARTEMENT;

    private final HttpApiInvoker api;

    BenchAgent(HttpApiInvoker api) {
        this.api = api;
    }

    HttpApiInvoker api() {
        return api;
    }

    String newConsultation() {
        String id = "bench-" + UUID.randomUUID();
        DemoData.putOrganisms(api, DevelopmentAgents.PLATFORM);
        expect(200, api.put("/consultations/" + id, CONSULTATION, DevelopmentAgents.PLATFORM));
        return id;
    }

    /** A draft of a courrier libre (access link) to the given addresses, separated by spaces. */
    String createDraft(String consultationId, String addresses) {
        return expect(201, api.post("/consultations/" + consultationId + "/letters", """
                {"letterType": "COURRIER_LIBRE", "subject": "Réf. ADO-2207-2020 - Transmission des documents",
                 "body": "<p>Bonjour,</p><p>Vous trouverez <strong>ci-joint</strong> les documents évoqués.</p>",
                 "recipients": {"addresses": "%s"}}""".formatted(addresses), CLAIMS)).path("id").asText();
    }

    void send(String letterId) {
        expect(202, api.post("/letters/" + letterId + "/send", null, CLAIMS));
    }

    JsonNode get(String path) {
        return expect(200, api.get(path, CLAIMS));
    }

    static String address(String who) {
        return who + "." + UUID.randomUUID().toString().substring(0, 8) + "@entreprise.example";
    }

    static JsonNode expect(int status, APIGatewayV2HTTPResponse response) {
        if (response.getStatusCode() != status) {
            throw new IllegalStateException("Expected " + status + ", got " + response.getStatusCode() + ": "
                    + response.getBody());
        }
        try {
            String body = response.getBody();
            return body == null || body.isEmpty() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException("Not JSON: " + response.getBody(), e);
        }
    }
}
