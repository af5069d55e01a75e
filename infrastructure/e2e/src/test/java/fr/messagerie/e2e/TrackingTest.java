package fr.messagerie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.compose.Compose;
import fr.messagerie.compose.ComposeHandler;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tracking list of a seeded consultation: filters, paging, counts, favourites, access. */
@ExtendWith(LocalAwsExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackingTest {
    private static final String BOUNCE = "bounce@simulator.amazonses.com";

    private final LocalSystem system;
    private final AgentApi agent;
    private final String consultation;
    private final String company = Mail.address("fidele");
    private final List<String> others = new ArrayList<>();

    TrackingTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
        this.consultation = agent.newConsultation();
    }

    /** 14 lines over four days: 9 free letters (one bounced), 2 rejections, 1 award, 2 requests for complement. */
    @BeforeAll
    void seed() throws Exception {
        for (int i = 0; i < 7; i++) {
            others.add(Mail.address("candidat" + i));
        }
        Instant today = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        sendOn(today.minus(3, ChronoUnit.DAYS), "COURRIER_LIBRE", "Transmission des documents évoqués",
                String.join(" ", others) + " " + company + " " + BOUNCE);
        sendOn(today.minus(2, ChronoUnit.DAYS), "REJET", "Votre offre n'est pas retenue", others.get(0) + " "
                + others.get(1));
        sendOn(today.minus(1, ChronoUnit.DAYS), "ATTRIBUTION", "Attribution du marché", company);
        sendOn(today, "DEMANDE_COMPLEMENT", "Précisions sur le bordereau des prix", company + " " + others.get(2));
        system.sqs().drain("SendFunction");
        List<String> ours = new ArrayList<>(others);
        ours.add(company);
        system.mailbox().all().stream()
                .filter(m -> ours.contains(m.to().get(0)) || m.subject().contains("Transmission des documents"))
                .forEach(m -> system.sesEvents().simulate(m));
        system.sqs().drain("SesEventsFunction");
    }

    @Test
    void the_list_counts_filters_and_pages_every_line() {
        JsonNode all = list("");
        assertEquals(14, all.path("total").asInt());
        assertEquals(13, count(all, "DELIVERED"));
        assertEquals(1, count(all, "NOT_DELIVERED"));
        assertEquals(10, all.path("rows").size(), "10 lines per page by default");
        JsonNode first = all.path("rows").get(0);
        assertEquals("Demande de complément", first.path("letterTypeLabel").asText());
        assertTrue(first.path("events").path("E").path("label").asText().matches("\\d{2}/\\d{2}/\\d{4} - \\d{2}:\\d{2}:\\d{2}"));
        assertTrue(first.path("events").has("D"));

        List<String> walked = new ArrayList<>();
        for (JsonNode page = list("&limit=10"); ; page = list("&limit=10&cursor=" + page.path("nextCursor").asText())) {
            page.path("rows").forEach(r -> walked.add(r.path("deliveryId").asText()));
            if (page.path("nextCursor").isNull() || page.path("nextCursor").isMissingNode()) {
                break;
            }
        }
        assertEquals(14, walked.size());
        assertEquals(14, new HashSet<>(walked).size());

        JsonNode bounced = list("&status=NOT_DELIVERED");
        assertEquals(1, bounced.path("total").asInt());
        JsonNode row = bounced.path("rows").get(0);
        assertEquals(BOUNCE, row.path("recipient").path("email").asText());
        assertTrue(row.path("nonDeliveryReason").asText().contains("rejet définitif"));
        assertEquals(List.of("view", "resend"), actions(row));

        assertEquals(2, list("&type=REJET").path("total").asInt());
        assertEquals(3, list("&recipient=" + company.substring(0, 12)).path("total").asInt());
        assertEquals(1, list("&type=ATTRIBUTION&recipient=" + company.substring(0, 12)).path("total").asInt());
        assertEquals(2, list("&q=BORDEREAU%20prix").path("total").asInt(), "keywords in the subject");
        assertEquals(1, list("&q=" + others.get(5).substring(0, 15)).path("total").asInt(), "keywords in the recipient");
        String today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).toString();
        String dayBefore = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).minusDays(1).toString();
        assertEquals(2, list("&from=" + today + "&to=" + today).path("total").asInt());
        assertEquals(3, list("&from=" + dayBefore).path("total").asInt());
        assertEquals(0, list("&from=" + today + "&type=REJET").path("total").asInt());
        JsonNode combined = list("&status=DELIVERED&type=COURRIER_LIBRE&limit=20");
        assertEquals(8, combined.path("total").asInt());
        assertEquals(8, combined.path("rows").size());
    }

    @Test
    void an_unchanged_list_answers_304_without_a_body_and_a_change_gives_a_new_etag() {
        String path = "/consultations/" + consultation + "/deliveries?type=REJET";
        var first = agent.http().get(path, AgentApi.ALICE);
        assertEquals(200, first.getStatusCode());
        String etag = first.getHeaders().get("ETag");
        assertTrue(etag != null && etag.startsWith("\"") && etag.endsWith("\""), "a strong ETag: " + etag);

        var unchanged = agent.http().call("GET", path, null, java.util.Map.of("If-None-Match", etag), AgentApi.ALICE);
        assertEquals(304, unchanged.getStatusCode());
        assertTrue(unchanged.getBody() == null || unchanged.getBody().isEmpty(), "no body for an unchanged list");
        assertEquals(etag, unchanged.getHeaders().get("ETag"));

        String deliveryId = AgentApi.expect(200, first).path("rows").get(0).path("deliveryId").asText();
        agent.http().put("/deliveries/" + deliveryId + "/favorite", "{\"favorite\": true}", AgentApi.ALICE);
        try {
            var changed = agent.http().call("GET", path, null, java.util.Map.of("If-None-Match", etag),
                    AgentApi.ALICE);
            assertEquals(200, changed.getStatusCode(), "a starred row changes the list");
            assertTrue(!etag.equals(changed.getHeaders().get("ETag")));
        } finally {
            agent.http().put("/deliveries/" + deliveryId + "/favorite", "{\"favorite\": false}", AgentApi.ALICE);
        }
    }

    @Test
    void favourites_are_starred_and_filtered() {
        String deliveryId = list("&type=ATTRIBUTION").path("rows").get(0).path("deliveryId").asText();
        assertEquals(204, agent.http().put("/deliveries/" + deliveryId + "/favorite", "{\"favorite\": true}",
                AgentApi.ALICE).getStatusCode());
        JsonNode favorites = list("&favorite=true");
        assertEquals(1, favorites.path("total").asInt());
        assertTrue(favorites.path("rows").get(0).path("favorite").asBoolean());
        assertEquals(1, list("").path("favorites").asInt());
        agent.http().put("/deliveries/" + deliveryId + "/favorite", "{\"favorite\": false}", AgentApi.ALICE);
        assertEquals(0, list("&favorite=true").path("total").asInt());
    }

    @Test
    void a_first_page_reads_the_consultation_and_its_counts_in_one_request_beside_the_page() throws Exception {
        JsonNode before = list("");
        try (DynamoRequests requests = DynamoRequests.of(system, "TrackingFunction")) {
            assertEquals(before, list(""));
            requests.take();
            assertEquals(before, list(""));
            assertEquals(List.of("BatchGetItem", "Query"), requests.take().stream().sorted().toList(),
                    "the consultation and its counts in one BatchGetItem, the page's Query");
            AgentApi.expectProblem(404, "consultation-not-found",
                    agent.http().get("/consultations/" + consultation + "/deliveries", AgentApi.BRUNO));
        }
    }

    @Test
    void another_organism_and_bad_values_are_refused() {
        String deliveryId = list("").path("rows").get(0).path("deliveryId").asText();
        var api = agent.http();
        AgentApi.expectProblem(404, "consultation-not-found",
                api.get("/consultations/" + consultation + "/deliveries", AgentApi.BRUNO));
        AgentApi.expectProblem(404, "delivery-not-found", api.get("/deliveries/" + deliveryId, AgentApi.BRUNO));
        AgentApi.expectProblem(404, "delivery-not-found",
                api.put("/deliveries/" + deliveryId + "/favorite", "{\"favorite\": true}", AgentApi.BRUNO));
        AgentApi.expectProblem(404, "delivery-not-found",
                api.post("/deliveries/" + deliveryId + "/resend", null, AgentApi.BRUNO));
        AgentApi.expectProblem(404, "delivery-not-found",
                api.get("/deliveries/" + deliveryId + "/proof", AgentApi.BRUNO));
        AgentApi.expectProblem(404, "delivery-not-found", api.get("/deliveries/inconnu", AgentApi.ALICE));
        AgentApi.expectProblem(404, "delivery-not-found", api.get("/deliveries/inconnu/proof", AgentApi.ALICE));
        AgentApi.expectProblem(404, "consultation-not-found",
                api.get("/consultations/inconnue/deliveries", AgentApi.ALICE));
        JsonNode problem = AgentApi.expectProblem(400, "invalid-status-filter",
                api.get("/consultations/" + consultation + "/deliveries?status=LU&limit=7", AgentApi.ALICE));
        assertEquals(2, problem.path("errors").size(), "every bad value is reported");
        AgentApi.expectProblem(400, "invalid-date-filter",
                api.get("/consultations/" + consultation + "/deliveries?from=hier", AgentApi.ALICE));
    }

    @Test
    void drafts_have_their_own_list() {
        agent.createDraft(consultation, "{\"letterType\": \"REPONSE_QUESTION\", \"recipients\": {\"addresses\": \""
                + company + " " + others.get(3) + "\"}}");
        JsonNode drafts = AgentApi.expect(200, agent.http().get("/consultations/" + consultation + "/drafts",
                AgentApi.ALICE));
        assertEquals(1, drafts.path("total").asInt());
        JsonNode draft = drafts.path("drafts").get(0);
        assertEquals("2 destinataire(s)", draft.path("recipientsLabel").asText());
        assertEquals("Réponse à une question", draft.path("letterTypeLabel").asText());
        assertEquals(List.of("edit", "delete"), actions(draft));
        assertEquals(14, list("").path("total").asInt(), "drafts are not in the tracking list");
    }

    @Test
    void the_counts_follow_every_change_without_reading_the_rows_again() {
        String small = agent.newConsultation();
        String first = Mail.address("compte.un");
        String second = Mail.address("compte.deux");
        String letterId = agent.createDraft(small, "{\"letterType\": \"COURRIER_LIBRE\", \"recipients\": "
                + "{\"addresses\": \"" + first + " " + second + "\"}}").path("id").asText();
        AgentApi.expect(202, agent.http().post("/letters/" + letterId + "/send", null, AgentApi.ALICE));
        system.sqs().drain("SendFunction");
        JsonNode sending = listOf(small, "");
        assertEquals(2, count(sending, "SENDING"));
        system.mailbox().sentTo(first).forEach(m -> system.sesEvents().simulate(m));
        system.mailbox().sentTo(second).forEach(m -> system.sesEvents().publish(
                fr.messagerie.sam.SesEventKind.HARD_BOUNCE, m.messageId(), second, m.tags(), Instant.now()));
        system.sqs().drain("SesEventsFunction");
        String bounced = listOf(small, "&status=NOT_DELIVERED").path("rows").get(0).path("deliveryId").asText();
        agent.http().put("/deliveries/" + bounced + "/favorite", "{\"favorite\": true}", AgentApi.ALICE);

        JsonNode kept = listOf(small, "");
        String today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).toString();
        JsonNode recounted = listOf(small, "&from=" + today);
        for (String status : List.of("SENDING", "DELIVERED", "NOT_DELIVERED")) {
            assertEquals(count(recounted, status), count(kept, status), status + ": kept counts equal a recount");
        }
        assertEquals(1, count(kept, "DELIVERED"));
        assertEquals(1, count(kept, "NOT_DELIVERED"));
        assertEquals(0, count(kept, "SENDING"));
        assertEquals(1, kept.path("favorites").asInt());
        assertEquals(1, listOf(small, "&favorite=true&status=NOT_DELIVERED").path("total").asInt());
    }

    private JsonNode listOf(String consultationId, String query) {
        return AgentApi.expect(200, agent.http().get("/consultations/" + consultationId + "/deliveries?x=1" + query,
                AgentApi.ALICE));
    }

    private void sendOn(Instant day, String type, String subject, String addresses) {
        Clock clock = Clock.fixed(day, ZoneOffset.UTC);
        try (AutoCloseable ignored = system.functions().replace("ComposeFunction", new ComposeHandler(
                Compose.fromEnv(system.functionEnv("ComposeFunction"), UnaryOperator.identity(), clock)))) {
            String letterId = agent.createDraft(consultation, "{\"letterType\": \"" + type + "\", \"subject\": \""
                    + subject + "\", \"recipients\": {\"addresses\": \"" + addresses + "\"}}").path("id").asText();
            AgentApi.expect(202, agent.http().post("/letters/" + letterId + "/send", null, AgentApi.ALICE));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode list(String query) {
        return AgentApi.expect(200, agent.http().get("/consultations/" + consultation + "/deliveries?x=1" + query,
                AgentApi.ALICE));
    }

    private static int count(JsonNode page, String status) {
        for (JsonNode count : page.path("countsByStatus")) {
            if (count.path("status").asText().equals(status)) {
                return count.path("count").asInt();
            }
        }
        return -1;
    }

    private static List<String> actions(JsonNode row) {
        List<String> actions = new ArrayList<>();
        row.path("actions").forEach(a -> actions.add(a.asText()));
        return actions;
    }
}
