package fr.messagerie.e2e;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.aws.DynamoAttachmentStore;
import fr.messagerie.aws.DynamoDeliveryLog;
import fr.messagerie.common.Hashes;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.EventType;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limits of attachments (50 files; 5 Mo for a simple email, 60 Mo with the access link and for a reply) under
 * parallel requests, as a client racing its own completions would send them, and checked again at send and reply.
 */
@ExtendWith(LocalAwsExtension.class)
class ParallelLimitsTest {
    private static final long MB = 1024 * 1024;
    private static final String ANY_SHA = "0".repeat(64);

    private final LocalSystem system;
    private final AgentApi agent;

    ParallelLimitsTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
    }

    @Test
    void sixty_parallel_completions_leave_fifty_files_on_a_letter_and_a_removal_gives_room_back() throws Exception {
        String letterId = draft("ACCESS_LINK");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            byte[] file = ("pièce " + i).getBytes(StandardCharsets.UTF_8);
            JsonNode upload = agent.requestUpload(letterId, "piece-" + i + ".pdf", file.length, Hashes.sha256(file));
            assertEquals(200, AgentApi.put(upload.path("upload"), file));
            ids.add(upload.path("attachment").path("id").asText());
        }

        List<APIGatewayV2HTTPResponse> answers = inParallel(ids, id -> agent.http().post("/letters/" + letterId
                + "/attachments/" + id + "/complete", null, AgentApi.ALICE));

        assertEquals(50, answers.stream().filter(r -> r.getStatusCode() == 200).count());
        answers.stream().filter(r -> r.getStatusCode() != 200).forEach(refused -> assertTrue(
                AgentApi.expectProblem(400, "too-many-attachments", refused).path("detail").asText()
                        .contains("limité à 50 par courrier avec accusé de réception"), refused.getBody()));
        JsonNode list = AgentApi.expect(200, agent.http().get("/letters/" + letterId + "/attachments",
                AgentApi.ALICE));
        assertEquals(50, readyFiles(list).size());

        String removed = readyFiles(list).get(0).path("id").asText();
        assertEquals(204, agent.http().delete("/letters/" + letterId + "/attachments/" + removed, AgentApi.ALICE)
                .getStatusCode());
        agent.attach(letterId, "remplacement.pdf", "remplacement".getBytes(StandardCharsets.UTF_8));
        AgentApi.expectProblem(400, "too-many-attachments", agent.http().post("/letters/" + letterId
                + "/attachments", "{\"fileName\": \"de-trop.pdf\", \"size\": 3, \"sha256\": \"" + ANY_SHA + "\"}",
                AgentApi.ALICE));
        assertEquals(50, agent.send(letterId).path("attachments").size());
        system.sqs().drain("SendFunction");
    }

    @Test
    void parallel_completions_never_pass_the_five_megabytes_of_a_simple_email() throws Exception {
        String letterId = draft("SIMPLE");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            byte[] file = new byte[(int) MB];
            file[0] = (byte) i;
            JsonNode upload = agent.requestUpload(letterId, "mega-" + i + ".pdf", file.length, Hashes.sha256(file));
            assertEquals(200, AgentApi.put(upload.path("upload"), file));
            ids.add(upload.path("attachment").path("id").asText());
        }

        List<APIGatewayV2HTTPResponse> answers = inParallel(ids, id -> agent.http().post("/letters/" + letterId
                + "/attachments/" + id + "/complete", null, AgentApi.ALICE));

        assertEquals(5, answers.stream().filter(r -> r.getStatusCode() == 200).count());
        answers.stream().filter(r -> r.getStatusCode() != 200).forEach(refused ->
                AgentApi.expectProblem(400, "attachments-too-large", refused));
        JsonNode list = AgentApi.expect(200, agent.http().get("/letters/" + letterId + "/attachments",
                AgentApi.ALICE));
        assertEquals(5 * MB, list.path("totalSize").asLong());
    }

    @Test
    void sixty_parallel_reply_uploads_leave_fifty_files_and_each_refusal_is_a_french_page() throws Exception {
        OpenedReply reply = OpenedReply.open(system, agent, "parallele");
        List<Element> forms = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            forms.add(reply.browser().get(reply.link()).html().selectFirst("form[enctype=multipart/form-data]"));
        }
        List<String> returns = new ArrayList<>();
        for (int i = 0; i < forms.size(); i++) {
            HttpResponse<String> stored = reply.browser().upload(forms.get(i), "annexe-" + i + ".pdf",
                    ("annexe " + i).getBytes(StandardCharsets.UTF_8));
            assertEquals(303, stored.statusCode(), stored.body());
            returns.add(stored.headers().firstValue("Location").orElseThrow());
        }

        List<APIGatewayV2HTTPResponse> answers = inParallel(returns, location -> system.api().call("GET",
                local(location), null, Map.of(), null));

        assertEquals(50, answers.stream().filter(r -> r.getStatusCode() == 303).count());
        answers.stream().filter(r -> r.getStatusCode() != 303).forEach(refused -> {
            assertEquals(400, refused.getStatusCode(), refused.getBody());
            assertTrue(Jsoup.parse(refused.getBody()).text().contains(
                    "Le nombre de pièces jointes est limité à 50 par réponse."), refused.getBody());
        });
        assertEquals(50, reply.joinedFiles().size());
        assertTrue(reply.browser().get(reply.link()).text().contains("Aucune pièce jointe supplémentaire ne peut être "
                + "ajoutée"), "no form once fifty files are joined");
    }

    @Test
    void parallel_reply_uploads_never_pass_sixty_megabytes() throws Exception {
        OpenedReply reply = OpenedReply.open(system, agent, "parallele");
        List<String> returns = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Element form = reply.browser().get(reply.link()).html().selectFirst("form[enctype=multipart/form-data]");
            byte[] file = new byte[(int) (13 * MB)];
            file[0] = (byte) i;
            HttpResponse<String> stored = reply.browser().upload(form, "volume-" + i + ".zip", file);
            assertEquals(303, stored.statusCode(), stored.body());
            returns.add(stored.headers().firstValue("Location").orElseThrow());
        }

        List<APIGatewayV2HTTPResponse> answers = inParallel(returns, location -> system.api().call("GET",
                local(location), null, Map.of(), null));

        assertEquals(4, answers.stream().filter(r -> r.getStatusCode() == 303).count());
        answers.stream().filter(r -> r.getStatusCode() != 303).forEach(refused -> {
            assertEquals(400, refused.getStatusCode(), refused.getBody());
            assertTrue(Jsoup.parse(refused.getBody()).text().contains(
                    "La taille totale des pièces jointes est limitée à 60 Mo par réponse"), refused.getBody());
        });
        assertEquals(4 * 13 * MB, reply.joinedFiles().stream().mapToLong(Attachment::size).sum());
    }

    @Test
    void a_letter_with_more_than_fifty_files_is_not_sent() {
        String letterId = draft("ACCESS_LINK");
        // Files stored past the limit (by an older version, or by hand) are caught when sending.
        for (int i = 0; i < 51; i++) {
            store().save(AttachmentStore.Owner.letter(letterId), new AttachmentStore.StoredAttachment(new Attachment(
                    "f" + i, "f" + i + ".pdf", "application/pdf", 10, ANY_SHA, "letters/" + letterId + "/f" + i),
                    true, ANY_SHA, Instant.now()));
        }
        JsonNode problem = AgentApi.expectProblem(400, "too-many-attachments",
                agent.http().post("/letters/" + letterId + "/send", null, AgentApi.ALICE));
        assertTrue(problem.path("detail").asText().contains("(51 jointes)"), problem.toString());
        assertEquals("DRAFT", agent.letter(letterId).path("state").asText());
    }

    @Test
    void a_reply_with_files_past_the_limits_is_not_sent() {
        OpenedReply reply = OpenedReply.open(system, agent, "parallele");
        // Files stored past the limits (by an older version, or by hand) are caught when replying.
        joinDirectly(reply, 0, 31);
        RecipientBrowser.Page tooLarge = sendReply(reply);
        assertEquals(400, tooLarge.status(), tooLarge.text());
        assertTrue(tooLarge.text().contains("Les pièces jointes de la réponse (62 Mo) dépassent la limite de 60 Mo"),
                tooLarge.text());

        joinDirectly(reply, 31, 51);
        RecipientBrowser.Page tooMany = sendReply(reply);
        assertEquals(400, tooMany.status(), tooMany.text());
        assertTrue(tooMany.text().contains("Le nombre de pièces jointes est limité à 50 par réponse (51 jointes)"),
                tooMany.text());
        assertTrue(events(reply.deliveryId()).stream().noneMatch(e -> e.type() == EventType.REPLIED),
                "no reply recorded");
    }

    private void joinDirectly(OpenedReply reply, int from, int to) {
        for (int i = from; i < to; i++) {
            store().save(AttachmentStore.Owner.reply(reply.deliveryId()), new AttachmentStore.StoredAttachment(
                    new Attachment("r" + i, "r" + i + ".pdf", "application/pdf", 2 * MB, ANY_SHA,
                            "deliveries/" + reply.deliveryId() + "/reply/r" + i), true, null, Instant.now()));
        }
    }

    private static RecipientBrowser.Page sendReply(OpenedReply reply) {
        RecipientBrowser.Page content = reply.browser().get(reply.link());
        return reply.browser().submit(content.html().selectFirst("form:has(textarea[name=body])"),
                Map.of("body", "Notre réponse"));
    }

    /** Every call started at once, from as many threads. */
    private static <T> List<APIGatewayV2HTTPResponse> inParallel(List<T> inputs,
                                                                 Function<T, APIGatewayV2HTTPResponse> call)
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(inputs.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<APIGatewayV2HTTPResponse>> answers = new ArrayList<>();
            for (T input : inputs) {
                Callable<APIGatewayV2HTTPResponse> task = () -> {
                    start.await();
                    return call.apply(input);
                };
                answers.add(threads.submit(task));
            }
            start.countDown();
            List<APIGatewayV2HTTPResponse> responses = new ArrayList<>();
            for (Future<APIGatewayV2HTTPResponse> answer : answers) {
                responses.add(answer.get());
            }
            return responses;
        } finally {
            threads.shutdownNow();
        }
    }

    private static List<JsonNode> readyFiles(JsonNode list) {
        List<JsonNode> ready = new ArrayList<>();
        list.path("attachments").forEach(a -> {
            if ("READY".equals(a.path("state").asText())) {
                ready.add(a);
            }
        });
        return ready;
    }

    private static String local(String location) {
        URI uri = URI.create(location);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private AttachmentStore store() {
        return new DynamoAttachmentStore(system.dynamoDb(), system.resources().tableName("MessagerieTable"));
    }

    private List<DeliveryEvent> events(String deliveryId) {
        return new DynamoDeliveryLog(system.dynamoDb(), system.resources().tableName("MessagerieTable"))
                .events(deliveryId);
    }

    private String draft(String mode) {
        return agent.createDraft(agent.newConsultation(), "{\"letterType\": \"COURRIER_LIBRE\", \"sendMode\": \""
                + mode + "\", \"recipients\": {\"addresses\": \"" + Mail.address("parallele") + "\"}}")
                .path("id").asText();
    }
}
