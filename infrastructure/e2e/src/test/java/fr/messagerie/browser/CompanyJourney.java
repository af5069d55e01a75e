package fr.messagerie.browser;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.common.Hashes;
import fr.messagerie.local.LocalHttp;
import fr.messagerie.local.LocalRuntime;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static fr.messagerie.local.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the browser tests ask of the agent side, over the local runtime's HTTP API, as the agent console would. */
final class CompanyJourney {

    static final String CONSULTATION = "demo-ado-2207-2020";

    private final LocalRuntime runtime;
    private final LocalHttp http;
    private final String token;

    CompanyJourney(LocalRuntime runtime) {
        this.runtime = runtime;
        this.http = new LocalHttp(runtime.baseUrl());
        this.token = runtime.agents().alice().token();
    }

    String baseUrl() {
        return runtime.baseUrl();
    }

    /** A company address of its own for each test, long enough to test the pages' reflow. */
    static String companyAddress() {
        return "service.des.marches.publics." + UUID.randomUUID().toString().substring(0, 8)
                + "@entreprise-de-batiment-et-de-travaux-publics.example";
    }

    /** An access-link letter with a reply expected and one file, sent to {@code address}; returns its id. */
    String sendLetterWithFile(String address, String fileName, byte[] file) {
        return send("""
                {"letterType": "DEMANDE_COMPLEMENT",
                 "replyOptions": {"allowed": true, "deadline": "2030-01-31T17:00:00+01:00"},
                 "recipients": {"addresses": "%s"}}""".formatted(address), fileName, file);
    }

    /** A plain email carrying its file, sent to {@code address}; returns the letter's id. */
    String sendSimpleLetterWithFile(String address, String fileName, byte[] file) {
        return send("""
                {"letterType": "COURRIER_LIBRE", "sendMode": "SIMPLE", "recipients": {"addresses": "%s"}}"""
                .formatted(address), fileName, file);
    }

    private String send(String draftJson, String fileName, byte[] file) {
        LocalHttp.Page draft = http.agent("POST", "/consultations/" + CONSULTATION + "/letters", token, draftJson);
        assertEquals(201, draft.status(), draft.response().body());
        String letterId = draft.json().path("id").asText();
        LocalHttp.Page upload = http.agent("POST", "/letters/" + letterId + "/attachments", token, """
                {"fileName": "%s", "contentType": "application/vnd.ms-excel", "size": %d, "sha256": "%s"}"""
                .formatted(fileName, file.length, Hashes.sha256(file)));
        assertEquals(201, upload.status(), upload.response().body());
        JsonNode put = upload.json().path("upload");
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        put.path("headers").fields().forEachRemaining(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length") && !h.getKey().equalsIgnoreCase("host")) {
                headers.put(h.getKey(), h.getValue().asText());
            }
        });
        assertEquals(200, http.put(put.path("url").asText(), headers, file));
        LocalHttp.Page complete = http.agent("POST", "/letters/" + letterId + "/attachments/"
                + upload.json().path("attachment").path("id").asText() + "/complete", token, null);
        assertEquals(200, complete.status(), complete.response().body());
        LocalHttp.Page sent = http.agent("POST", "/letters/" + letterId + "/send", token, null);
        assertEquals(202, sent.status(), sent.response().body());
        return letterId;
    }

    /** The row of the tracking list for this address, once it shows {@code statusLabel}. */
    JsonNode awaitStatus(String address, String statusLabel) {
        return eventually("\"" + statusLabel + "\" for " + address, () -> row(address)
                .filter(row -> row.path("statusLabel").asText().equals(statusLabel)));
    }

    String status(String address) {
        return row(address).map(row -> row.path("statusLabel").asText()).orElse("(aucune ligne)");
    }

    private Optional<JsonNode> row(String address) {
        LocalHttp.Page list = http.agent("GET", "/consultations/" + CONSULTATION + "/deliveries?limit=100&recipient="
                + address, token, null);
        assertEquals(200, list.status(), list.response().body());
        for (JsonNode row : list.json().path("rows")) {
            if (row.path("recipient").path("email").asText().equalsIgnoreCase(address)) {
                return Optional.of(row);
            }
        }
        return Optional.empty();
    }
}
