package fr.messagerie.e2e;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.compose.ComposeHandler;
import fr.messagerie.files.FileKeys;
import fr.messagerie.local.DemoData;
import fr.messagerie.sam.HttpApiInvoker;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import fr.messagerie.servers.SentEmail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The procurement platform feeds organisms and consultations with its own token; an agent of one organism can
 * neither push a consultation, nor sign as another organism, nor take another organism's consultation id.
 */
@ExtendWith(LocalAwsExtension.class)
class PlatformIntegrationTest {
    private final LocalSystem system;
    private final HttpApiInvoker api;
    private final AgentApi agent;

    PlatformIntegrationTest(LocalSystem system) {
        this.system = system;
        this.api = system.api();
        this.agent = new AgentApi(api);
    }

    @Test
    void agents_tokens_cannot_push_consultations_or_organisms() {
        String id = "cons-" + UUID.randomUUID();
        String json = consultation("departement-13", "ADO-9", "Consultation d'un agent");
        DemoData.putOrganisms(api, AgentApi.PLATFORM);

        APIGatewayV2HTTPResponse byAgent = api.put("/consultations/" + id, json, AgentApi.ALICE);
        assertEquals(403, byAgent.getStatusCode(), "the route's scope, checked by the gateway: " + byAgent.getBody());
        assertEquals("{\"message\":\"Forbidden\"}", byAgent.getBody(), "API Gateway's own answer");
        assertEquals(403, api.put("/organisms/departement-13", "{\"name\": \"Région Sud\"}", AgentApi.BRUNO)
                .getStatusCode());
        AgentApi.expectProblem(404, "consultation-not-found", api.get("/consultations/" + id, AgentApi.ALICE));
        AgentApi.expect(200, api.get("/consultations/" + agent.newConsultation(), AgentApi.ALICE));

        // The function refuses too, should a route ever lose its authorizer's scope.
        ComposeHandler compose = new ComposeHandler(system.functionEnv("ComposeFunction"));
        AgentApi.expectProblem(403, "platform-only", compose.handleRequest(event("PUT /consultations/{consultationId}",
                "/consultations/" + id, Map.of("consultationId", id), json, AgentApi.ALICE), null));
        AgentApi.expectProblem(403, "platform-only", compose.handleRequest(event("PUT /organisms/{organismId}",
                "/organisms/region-sud", Map.of("organismId", "region-sud"), "{\"name\": \"Pirate\"}",
                AgentApi.BRUNO), null));
        AgentApi.expectProblem(404, "consultation-not-found", api.get("/consultations/" + id, AgentApi.ALICE));
    }

    @Test
    void the_organism_shown_is_the_registers_never_the_requests() {
        Map<String, String> alice = organismWithAgent("Commune de Cassis");
        String organismId = alice.get("custom:organism");
        String id = "cons-" + UUID.randomUUID();
        JsonNode pushed = agent.putConsultation(id, """
                {"organismId": "%s", "organismName": "Département des Bouches-du-Rhône", "reference": "CAS-1",
                 "title": "Entretien du port", "purchasingEntity": "Services techniques"}""".formatted(organismId));
        assertEquals("Commune de Cassis", pushed.path("organismName").asText());
        assertEquals("Commune de Cassis", AgentApi.expect(200, api.get("/consultations/" + id, alice))
                .path("organismName").asText());

        SentEmail mail = sendAndDispatch(id, alice, Mail.address("port"));
        assertTrue(mail.text().contains("Organisme | Entité d'achat : Commune de Cassis | Services techniques"),
                mail.text());
        assertTrue(mail.html().contains("par Commune de Cassis"), "the signature of the email");
        assertFalse(mail.text().contains("Bouches-du-Rhône") || mail.html().contains("Bouches-du-Rhône"));

        AgentApi.expectProblem(400, "unknown-organism", api.put("/consultations/" + id,
                consultation("organisme-inconnu-" + UUID.randomUUID(), "X", "X"), AgentApi.PLATFORM));
        AgentApi.expectProblem(400, "organism-required", api.put("/consultations/" + id,
                "{\"reference\": \"X\", \"title\": \"X\"}", AgentApi.PLATFORM));
        // "#" would split a key: refused at the edge like any id; the register allows 64 characters, not 128.
        AgentApi.expectProblem(400, "invalid-identifier", api.put("/organisms/a%23b", "{\"name\": \"X\"}",
                AgentApi.PLATFORM));
        AgentApi.expectProblem(400, "invalid-organism-id", api.put("/organisms/" + "o".repeat(65),
                "{\"name\": \"X\"}", AgentApi.PLATFORM));
        AgentApi.expectProblem(400, "name-required", api.put("/organisms/" + organismId, "{\"name\": \" \"}",
                AgentApi.PLATFORM));
    }

    @Test
    void two_organisms_may_both_have_a_consultation_ado_1() {
        Map<String, String> first = organismWithAgent("Métropole Aix-Marseille-Provence");
        Map<String, String> second = organismWithAgent("Ville de Toulon");
        String id = "ADO-1-" + UUID.randomUUID().toString().substring(0, 8);
        agent.putConsultation(id, consultation(first.get("custom:organism"), "ADO-1", "Voirie métropolitaine"));
        agent.putConsultation(id, consultation(second.get("custom:organism"), "ADO-1", "Éclairage public"));

        assertEquals("Voirie métropolitaine", AgentApi.expect(200, api.get("/consultations/" + id, first))
                .path("title").asText());
        assertEquals("Éclairage public", AgentApi.expect(200, api.get("/consultations/" + id, second))
                .path("title").asText());

        String company = Mail.address("entreprise");
        SentEmail toFirst = sendAndDispatch(id, first, company);
        SentEmail toSecond = sendAndDispatch(id, second, company);
        assertTrue(toFirst.text().contains("ADO-1 | Voirie métropolitaine"), toFirst.text());
        assertTrue(toSecond.text().contains("ADO-1 | Éclairage public"), toSecond.text());

        JsonNode firstList = AgentApi.expect(200, api.get("/consultations/" + id + "/deliveries", first));
        assertEquals(1, firstList.path("total").asInt(), firstList.toString());
        String firstDelivery = firstList.path("rows").get(0).path("deliveryId").asText();
        JsonNode secondList = AgentApi.expect(200, api.get("/consultations/" + id + "/deliveries", second));
        assertEquals(1, secondList.path("total").asInt(), secondList.toString());
        String secondDelivery = secondList.path("rows").get(0).path("deliveryId").asText();
        assertFalse(firstDelivery.equals(secondDelivery));
        JsonNode freeRecipients = AgentApi.expect(200, api.get("/consultations/" + id + "/registers", second))
                .path("registers").get(4).path("contacts");
        assertEquals(1, freeRecipients.size(), "each organism's own free-recipients register: " + freeRecipients);

        // Each organism's own document space, though the consultation ids are the same.
        String document = FileKeys.consultationDocuments(first.get("custom:organism"), id) + "CCTP.pdf";
        system.s3().putObject(r -> r.bucket(system.resources().bucketName("FilesBucket")).key(document),
                RequestBody.fromString("CCTP de la voirie"));
        String join = "{\"documentKey\": \"" + document + "\"}";
        AgentApi.expect(201, api.post("/letters/" + draft(id, first) + "/attachments/from-documents", join, first));
        AgentApi.expectProblem(400, "invalid-document", api.post("/letters/" + draft(id, second)
                + "/attachments/from-documents", join, second));

        // The same company, the same consultation id: its history through the first link stays the first's.
        RecipientBrowser browser = new RecipientBrowser(api);
        String link = Mail.accessLink(toFirst);
        RecipientBrowser.Page history = browser.get(link + "/history");
        assertEquals(200, history.status());
        assertTrue(history.text().contains("Métropole Aix-Marseille-Provence"), history.text());
        assertFalse(history.text().contains("Toulon") || history.text().contains("Éclairage"), history.text());
        assertEquals(1, history.html().select("a[href*=courrier=]").size(), history.html().html());
        RecipientBrowser.Page other = browser.get(link + "?courrier=" + secondDelivery);
        assertEquals(404, other.status(), "another organism's letter is out of the link's reach");
        assertTrue(other.text().contains("Lien invalide ou expiré"));
    }

    /** A fresh organism of the register, and an agent of it (claims as the authorizer passes them on). */
    private Map<String, String> organismWithAgent(String name) {
        String organismId = "org-" + UUID.randomUUID().toString().substring(0, 8);
        AgentApi.expect(200, api.put("/organisms/" + organismId, "{\"name\": \"" + name + "\"}", AgentApi.PLATFORM));
        return Map.of("sub", "agent-" + organismId, "name", "Agent de " + name, "email", "agent@" + organismId
                + ".example", "custom:organism", organismId);
    }

    private String draft(String consultationId, Map<String, String> author) {
        return AgentApi.expect(201, api.post("/consultations/" + consultationId + "/letters",
                "{\"letterType\": \"COURRIER_LIBRE\"}", author)).path("id").asText();
    }

    private SentEmail sendAndDispatch(String consultationId, Map<String, String> author, String company) {
        String letterId = AgentApi.expect(201, api.post("/consultations/" + consultationId + "/letters", """
                {"letterType": "COURRIER_LIBRE", "recipients": {"addresses": "%s"}}""".formatted(company), author))
                .path("id").asText();
        AgentApi.expect(202, api.post("/letters/" + letterId + "/send", null, author));
        system.sqs().drain("SendFunction");
        return Mail.ofLetter(system, AgentApi.expect(200, api.get("/letters/" + letterId, author))).get(0);
    }

    static String consultation(String organismId, String reference, String title) {
        return """
                {"organismId": "%s", "reference": "%s", "title": "%s",
                 "bidDeadline": "2030-07-31T17:30:00+02:00"}""".formatted(organismId, reference, title);
    }

    private static APIGatewayV2HTTPEvent event(String routeKey, String path, Map<String, String> parameters,
                                               String body, Map<String, String> claims) {
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey(routeKey).withRawPath(path)
                .withPathParameters(parameters).withBody(body).withIsBase64Encoded(false)
                .withHeaders(Map.of("content-type", "application/json"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRouteKey(routeKey)
                        .withRequestId("test").withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer
                                .builder().withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(claims).build()).build()).build())
                .build();
    }
}
