package fr.messagerie.e2e;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.common.Hashes;
import fr.messagerie.local.DemoData;
import fr.messagerie.local.DevelopmentAgents;
import fr.messagerie.sam.HttpApiInvoker;
import fr.messagerie.support.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent API as the front-end calls it, through the routes of template.yaml. */
final class AgentApi {
    static final Map<String, String> ALICE = DevelopmentAgents.ALICE;
    static final Map<String, String> BRUNO = DevelopmentAgents.BRUNO;
    /** The procurement platform's access token: the only one the integration routes accept. */
    static final Map<String, String> PLATFORM = DevelopmentAgents.PLATFORM;
    /** Registers kept small and without simulator addresses, so that tests know every recipient. */
    static final String CONSULTATION = """
            {"organismId": "departement-13", "reference": "ADO-2207-2020", "title": "Achat de matériel informatique",
             "object": "Achat d'ordinateurs fixes, d'écrans et d'ordinateurs portables",
             "bidDeadline": "2030-07-31T17:30:00+02:00",
             "purchasingEntity": "Direction des Systèmes d'Information",
             "directLink": "https://marches.exemple.fr/consultation/516386",
             "registers": {
               "WITHDRAWALS": [
                 {"name": "DUPONT Gregory", "company": "ATEXO", "email": "gregory@atexo.example"},
                 {"name": "ROBERT Bernard", "company": "LOCAL TRUST", "email": "bernard.robert@local-trust.example"}],
               "DEPOSITS": [
                 {"name": "FOURNIER Paul", "company": "FORPRO CORPORATION", "email": "paul.fournier@forpro.example"}]
             }}""";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final HttpApiInvoker api;

    AgentApi(HttpApiInvoker api) {
        this.api = api;
    }

    /** A new consultation of Alice's organism, with its registers, as the platform pushes it. */
    String newConsultation() {
        String id = "cons-" + UUID.randomUUID();
        putConsultation(id, CONSULTATION);
        return id;
    }

    /** The platform's push of a consultation, after the organisms of the development agents. */
    JsonNode putConsultation(String id, String json) {
        DemoData.putOrganisms(api, PLATFORM);
        return expect(200, api.put("/consultations/" + id, json, PLATFORM));
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

    /** Asks for an upload URL, PUTs the bytes to the bucket as a browser would, and confirms the upload. */
    JsonNode attach(String letterId, String fileName, byte[] content) throws Exception {
        JsonNode upload = requestUpload(letterId, fileName, content.length, Hashes.sha256(content));
        assertEquals(200, put(upload.path("upload"), content), "the bucket accepts what was announced");
        return expect(200, api.post("/letters/" + letterId + "/attachments/"
                + upload.path("attachment").path("id").asText() + "/complete", null, ALICE));
    }

    JsonNode requestUpload(String letterId, String fileName, long size, String sha256) {
        return expect(201, api.post("/letters/" + letterId + "/attachments",
                "{\"fileName\": \"" + fileName + "\", \"contentType\": \"application/pdf\", \"size\": " + size
                        + ", \"sha256\": \"" + sha256 + "\"}", ALICE));
    }

    /** The presigned PUT, with exactly the headers the API said to send. */
    static int put(JsonNode upload, byte[] content) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upload.path("url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        upload.path("headers").fields().forEachRemaining(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length") && !h.getKey().equalsIgnoreCase("host")) {
                request.header(h.getKey(), h.getValue().asText());
            }
        });
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
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
