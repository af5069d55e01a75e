package fr.messagerie.e2e;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.attachments.AttachmentsHandler;
import fr.messagerie.aws.DynamoDeliveryLog;
import fr.messagerie.common.Hashes;
import fr.messagerie.common.ParisTime;
import fr.messagerie.compose.Compose;
import fr.messagerie.compose.ComposeHandler;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.EventType;
import fr.messagerie.files.AttachmentRules;
import fr.messagerie.files.Evidence;
import fr.messagerie.proof.ProofHandler;
import fr.messagerie.sam.HttpApiInvoker;
import fr.messagerie.sam.HttpRoute;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import fr.messagerie.tracking.TrackingHandler;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sealing rule on every agent route of template.yaml: before the deadline, no response (JSON, headers, the text
 * of the PDF proof) holds anything derived from the reply's content; after it, the reply and its evidence appear.
 */
@ExtendWith(LocalAwsExtension.class)
class SealedReplyOnEveryAgentRouteTest {
    private static final String WORD = "ZXQW4711";
    private static final String PRICE = "987 654,32";
    private static final String BODY = "Prix proposé " + WORD + " : " + PRICE + " € HT, délai 45 jours.";
    private static final String FILE_NAME = "Offre-ZXQW-confidentielle.pdf";
    private static final int FILE_SIZE = 1_234_567;

    private final LocalSystem system;
    private final HttpApiInvoker api;
    private final AgentApi agent;

    SealedReplyOnEveryAgentRouteTest(LocalSystem system) {
        this.system = system;
        this.api = system.api();
        this.agent = new AgentApi(system.api());
    }

    @Test
    void no_agent_route_shows_anything_of_a_sealed_reply_before_its_deadline() throws Exception {
        Instant deadline = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        String consultationId = agent.newConsultation();
        String letterId = agent.createDraft(consultationId, """
                {"letterType": "DEMANDE_COMPLEMENT",
                 "replyOptions": {"allowed": true, "deadline": "%s", "sealed": true},
                 "recipients": {"addresses": "%s"}}""".formatted(deadline, Mail.address("prix")))
                .path("id").asText();
        String attachmentId = agent.attach(letterId, "Cadre de réponse.pdf", "Cadre".getBytes())
                .path("id").asText();
        JsonNode letter = agent.send(letterId);
        system.sqs().drain("SendFunction");
        String deliveryId = letter.path("deliveries").get(0).path("id").asText();

        byte[] offer = new byte[FILE_SIZE];
        Arrays.fill(offer, (byte) 'x');
        RecipientBrowser browser = new RecipientBrowser(system.api());
        RecipientBrowser.Page content = browser.follow(browser.submit(browser.get(Mail.accessLink(
                Mail.ofLetter(system, letter).get(0))).html().selectFirst("form[method=post]"), Map.of()));
        var uploaded = browser.upload(content.html().selectFirst("form[enctype=multipart/form-data]"), FILE_NAME,
                offer);
        RecipientBrowser.Page withFile = browser.follow(browser.get(uploaded.headers().firstValue("Location")
                .orElseThrow()));
        Element replyForm = withFile.html().selectFirst("form:has(textarea[name=body])");
        assertEquals(303, browser.submit(replyForm, Map.of("body", BODY)).status());

        // The evidence is kept in storage, whatever agents may see.
        DeliveryEvent replied = new DynamoDeliveryLog(system.dynamoDb(),
                system.resources().tableName("MessagerieTable")).events(deliveryId).stream()
                .filter(e -> e.type() == EventType.REPLIED).findFirst().orElseThrow();
        String bodySha256 = replied.detail(DeliveryEvent.BODY_SHA256);
        String fileSha256 = Hashes.sha256(offer);
        assertEquals(List.of(new Evidence.FileFingerprint(FILE_NAME, FILE_SIZE, fileSha256)), replied.files());
        List<String> derived = List.of(WORD, PRICE, "45 jours", FILE_NAME, "ZXQW-confidentielle",
                Integer.toString(FILE_SIZE), AttachmentRules.size(FILE_SIZE), fileSha256, bodySha256);

        Ids ids = new Ids(consultationId, letterId, attachmentId, deliveryId, replyFileId(deliveryId));
        Map<String, String> sealed = everyAgentRoute(ids);
        for (Map.Entry<String, String> response : sealed.entrySet()) {
            for (String secret : derived) {
                assertFalse(response.getValue().contains(secret), () -> response.getKey() + " shows « " + secret
                        + " » of the sealed reply: " + response.getValue());
            }
        }
        String notice = "Le contenu de la réponse sera accessible après le " + ParisTime.deadline(deadline) + ".";
        for (String route : List.of("GET /deliveries/{deliveryId}", "GET /letters/{letterId}",
                "GET /consultations/{consultationId}/deliveries", "GET /deliveries/{deliveryId}/proof",
                "GET /deliveries/{deliveryId}/reply-files/{fileId}", "POST /deliveries/{deliveryId}/reply-read")) {
            assertTrue(sealed.get(route).contains(notice), route + " says when the reply can be read");
        }
        assertTrue(sealed.get("GET /deliveries/{deliveryId}").contains("Réponse du destinataire"),
                "the thread still shows that a reply exists");

        Clock afterDeadline = Clock.fixed(deadline.plus(1, ChronoUnit.MINUTES), ZoneOffset.UTC);
        Map<String, String> unsealed;
        try (AutoCloseable compose = system.functions().replace("ComposeFunction", new ComposeHandler(
                Compose.fromEnv(system.functionEnv("ComposeFunction"), UnaryOperator.identity(), afterDeadline)));
             AutoCloseable files = system.functions().replace("AttachmentsFunction",
                     new AttachmentsHandler(system.functionEnv("AttachmentsFunction"), afterDeadline));
             AutoCloseable tracking = system.functions().replace("TrackingFunction",
                     new TrackingHandler(system.functionEnv("TrackingFunction"), afterDeadline));
             AutoCloseable proof = system.functions().replace("ProofFunction",
                     new ProofHandler(system.functionEnv("ProofFunction"), afterDeadline))) {
            unsealed = everyAgentRoute(ids);
        }
        for (String route : List.of("GET /deliveries/{deliveryId}", "GET /letters/{letterId}",
                "GET /deliveries/{deliveryId}/proof")) {
            for (String shown : List.of(WORD, FILE_NAME, AttachmentRules.size(FILE_SIZE), fileSha256)) {
                assertTrue(unsealed.get(route).contains(shown), () -> route + " shows « " + shown
                        + " » after the deadline: " + unsealed.get(route));
            }
        }
        assertTrue(unsealed.get("GET /deliveries/{deliveryId}").contains(bodySha256), "the R event's evidence");
        assertTrue(unsealed.get("GET /deliveries/{deliveryId}/proof").contains(bodySha256));
        assertTrue(unsealed.get("GET /letters/{letterId}").contains(Integer.toString(FILE_SIZE)));
        assertTrue(unsealed.get("GET /consultations/{consultationId}/deliveries").contains(WORD), "the excerpt");
        assertTrue(unsealed.get("GET /deliveries/{deliveryId}/reply-files/{fileId}").contains("\"url\""),
                "the reply's file can be downloaded");
    }

    private record Ids(String consultation, String letter, String attachment, String delivery, String replyFile) {
    }

    /**
     * Calls every route of template.yaml behind the agents' authorizer (the test fails on a route it does not know),
     * and returns the whole text of each response: status, headers, body, and for the proof the PDF's text.
     */
    private Map<String, String> everyAgentRoute(Ids ids) throws Exception {
        String consultation = "/consultations/" + ids.consultation();
        String letter = "/letters/" + ids.letter();
        String delivery = "/deliveries/" + ids.delivery();
        Map<String, Supplier<APIGatewayV2HTTPResponse>> calls = new LinkedHashMap<>();
        calls.put("GET /letter-types", () -> api.get("/letter-types", AgentApi.ALICE));
        calls.put("PUT /organisms/{organismId}", () -> api.put("/organisms/departement-13",
                "{\"name\": \"Département des Bouches-du-Rhône\"}", AgentApi.PLATFORM));
        calls.put("PUT /consultations/{consultationId}", () -> api.put(consultation, AgentApi.CONSULTATION,
                AgentApi.PLATFORM));
        calls.put("GET /consultations", () -> api.get("/consultations", AgentApi.ALICE));
        calls.put("GET /consultations/{consultationId}", () -> api.get(consultation, AgentApi.ALICE));
        calls.put("GET /consultations/{consultationId}/documents", () -> api.get(consultation + "/documents",
                AgentApi.ALICE));
        calls.put("POST /consultations/{consultationId}/dce-changes", () -> api.post(consultation + "/dce-changes",
                "{\"pieces\": [{\"documentKey\": \"consultations/departement-13/" + ids.consultation()
                        + "/documents/a.pdf\", \"change\": \"ADDED\"}]}", AgentApi.ALICE));
        calls.put("GET /consultations/{consultationId}/registers", () -> api.get(consultation + "/registers",
                AgentApi.ALICE));
        calls.put("POST /consultations/{consultationId}/letters", () -> api.post(consultation + "/letters",
                "{\"letterType\": \"COURRIER_LIBRE\"}", AgentApi.ALICE));
        calls.put("GET /letters/{letterId}", () -> api.get(letter, AgentApi.ALICE));
        calls.put("PUT /letters/{letterId}", () -> api.put(letter, "{\"subject\": \"Autre objet\"}", AgentApi.ALICE));
        calls.put("DELETE /letters/{letterId}", () -> api.delete(letter, AgentApi.ALICE));
        calls.put("POST /letters/{letterId}/send", () -> api.post(letter + "/send", null, AgentApi.ALICE));
        calls.put("POST /letters/{letterId}/attachments", () -> api.post(letter + "/attachments",
                "{\"fileName\": \"a.pdf\", \"size\": 3, \"sha256\": \"" + Hashes.sha256("abc") + "\"}",
                AgentApi.ALICE));
        calls.put("POST /letters/{letterId}/attachments/{attachmentId}/complete", () -> api.post(letter
                + "/attachments/" + ids.attachment() + "/complete", null, AgentApi.ALICE));
        calls.put("POST /letters/{letterId}/attachments/from-documents", () -> api.post(letter
                + "/attachments/from-documents", "{\"documentKey\": \"consultations/departement-13/"
                + ids.consultation() + "/documents/a.pdf\"}", AgentApi.ALICE));
        calls.put("GET /letters/{letterId}/attachments", () -> api.get(letter + "/attachments", AgentApi.ALICE));
        calls.put("DELETE /letters/{letterId}/attachments/{attachmentId}", () -> api.delete(letter + "/attachments/"
                + ids.attachment(), AgentApi.ALICE));
        calls.put("GET /letters/{letterId}/attachments/{attachmentId}", () -> api.get(letter + "/attachments/"
                + ids.attachment(), AgentApi.ALICE));
        calls.put("GET /deliveries/{deliveryId}/reply-files/{fileId}", () -> api.get(delivery + "/reply-files/"
                + ids.replyFile(), AgentApi.ALICE));
        calls.put("GET /consultations/{consultationId}/drafts", () -> api.get(consultation + "/drafts",
                AgentApi.ALICE));
        calls.put("GET /deliveries/{deliveryId}", () -> api.get(delivery, AgentApi.ALICE));
        calls.put("PUT /deliveries/{deliveryId}/favorite", () -> api.put(delivery + "/favorite",
                "{\"favorite\": true}", AgentApi.ALICE));
        calls.put("POST /deliveries/{deliveryId}/resend", () -> api.post(delivery + "/resend", null, AgentApi.ALICE));
        calls.put("POST /deliveries/{deliveryId}/reply-read", () -> api.post(delivery + "/reply-read", null,
                AgentApi.ALICE));
        calls.put("POST /deliveries/{deliveryId}/revoke-link", () -> api.post(delivery + "/revoke-link", null,
                AgentApi.ALICE));

        Set<String> agentRoutes = system.template().httpRoutes().stream().filter(HttpRoute::isProtected)
                .map(HttpRoute::routeKey).collect(Collectors.toCollection(TreeSet::new));
        Set<String> known = new TreeSet<>(calls.keySet());
        known.addAll(List.of("GET /consultations/{consultationId}/deliveries", "GET /deliveries/{deliveryId}/proof"));
        Set<String> unchecked = new TreeSet<>(agentRoutes);
        unchecked.removeAll(known);
        assertEquals(Set.of(), unchecked, "agent routes whose responses this test does not check for sealing");

        Map<String, String> responses = new LinkedHashMap<>();
        calls.forEach((route, call) -> responses.put(route, text(route, call.get())));
        // The list, also filtered on the reply's words and on its status.
        responses.put("GET /consultations/{consultationId}/deliveries", List.of("", "?q=" + WORD,
                        "?status=REPLY_UNREAD,REPLY_READ", "?favorite=true").stream()
                .map(query -> text("list" + query, api.get(consultation + "/deliveries" + query, AgentApi.ALICE)))
                .collect(Collectors.joining("\n")));
        APIGatewayV2HTTPResponse proof = api.get(delivery + "/proof", AgentApi.ALICE);
        String pdf = pdfText(new RecipientBrowser(system.api()).download(AgentApi.read(proof).path("url").asText()));
        responses.put("GET /deliveries/{deliveryId}/proof", text("proof", proof) + "\n" + pdf + "\n"
                + pdf.replaceAll("\\R", ""));
        return responses;
    }

    private static String text(String route, APIGatewayV2HTTPResponse response) {
        assertTrue(response.getStatusCode() < 500, () -> route + " answered " + response.getStatusCode() + ": "
                + response.getBody());
        return response.getStatusCode() + "\n" + response.getHeaders() + "\n" + response.getBody();
    }

    private static String pdfText(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    private String replyFileId(String deliveryId) {
        String data = system.dynamoDb().getItem(r -> r.tableName(system.resources().tableName("MessagerieTable"))
                .key(Map.of("PK", AttributeValue.fromS("DLV#" + deliveryId), "SK", AttributeValue.fromS("REPLY"))))
                .item().get("data").s();
        Matcher id = Pattern.compile("\"attachments\":\\[\\{\"id\":\"([^\"]+)\"").matcher(data);
        assertTrue(id.find(), data);
        return id.group(1);
    }
}
