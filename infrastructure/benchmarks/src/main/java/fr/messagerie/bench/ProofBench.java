package fr.messagerie.bench;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.aws.DynamoDeliveryLog;
import fr.messagerie.common.Hashes;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.EventType;
import fr.messagerie.delivery.RecordDeliveryEvent;
import fr.messagerie.files.Evidence;
import fr.messagerie.proof.ProofData;
import fr.messagerie.proof.ProofPdf;
import fr.messagerie.sam.LocalSystem;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The PDF "Preuve des échanges" of a 100-event thread: rendering alone, then through the proof route. */
final class ProofBench {
    private static final int EVENTS = 100;
    private static final String[] STEPS = {"Envoi", "Reçu techniquement (Délivré)", "Accusé de réception (Lu)",
            "Réponse", "Réponse lue"};

    private final LocalSystem system;
    private final BenchAgent agent;
    private final BenchOptions options;

    ProofBench(LocalSystem system, BenchAgent agent, BenchOptions options) {
        this.system = system;
        this.agent = agent;
        this.options = options;
    }

    void run(Report.Section section, String deliveryId) throws Exception {
        ProofData data = data();
        byte[][] pdf = new byte[1][];
        Samples.time(3, () -> pdf[0] = ProofPdf.render(data));
        Samples render = Samples.time(options.pdfRuns(), () -> pdf[0] = ProofPdf.render(data));
        section.row("`ProofPdf.render`, " + EVENTS + " steps, " + data.exchanges().size() + " long exchanges",
                Report.ms(render.p50()), Report.bytes(pdf[0].length));

        addEvents(deliveryId);
        String path = "/deliveries/" + deliveryId + "/proof";
        JsonNode[] answer = new JsonNode[1];
        // The first request of a changed thread renders and stores; the next ones reuse the stored proof.
        long first = Samples.elapsed(() -> answer[0] = agent.get(path));
        HttpResponse<byte[]> file = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(answer[0].path("url").asText())).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        section.row("`GET /deliveries/{id}/proof`, " + EVENTS + "-event thread, first request (render + S3 + "
                + "presign)", Report.ms(first / 1e6), Report.bytes(file.body().length));
        Samples route = Samples.time(options.pdfRuns(), () -> answer[0] = agent.get(path));
        section.row("same, thread unchanged (the stored proof is reused: S3 HEAD + presign)",
                Report.ms(route.p50()), Report.bytes(file.body().length));
    }

    /** A sent delivery gets the events of a long exchange (attempts, deliveries, reads) up to 100 in all. */
    private void addEvents(String deliveryId) {
        DynamoDeliveryLog store = new DynamoDeliveryLog(system.dynamoDb(),
                system.resources().tableName("MessagerieTable"));
        int existing = store.events(deliveryId).size();
        Instant at = Instant.now().minusSeconds(EVENTS * 60L);
        EventType[] cycle = {EventType.DELAYED, EventType.DELIVERED, EventType.READ};
        for (int i = existing; i < EVENTS; i++) {
            new RecordDeliveryEvent(store).record(deliveryId, new DeliveryEvent(deliveryId + "-bench-" + i, cycle[i % cycle.length],
                    at.plusSeconds(i * 60L), 1, "Technique", Map.of()));
        }
    }

    private static ProofData data() {
        Instant start = Instant.parse("2026-03-02T08:00:00Z");
        List<ProofData.Step> steps = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            steps.add(new ProofData.Step(i % 20 == 19 ? "Relance (envoi n° " + (i / 20 + 2) + ")"
                    : STEPS[i % STEPS.length], start.plusSeconds(i * 3600L),
                    i % 5 == 3 ? "GREGORY DUPONT (ATEXO)" : i % 5 == 4 ? "Alice MARTIN" : "Technique"));
        }
        List<ProofData.Exchange> exchanges = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String body = ("<p>Bonjour,</p><p>Suite à l'analyse de votre offre, vous trouverez <strong>ci-dessous</strong>"
                    + " les compléments demandés concernant le bordereau des prix unitaires et le mémoire technique"
                    + " (lot n° " + i + ").</p><ul><li>Le planning détaillé ;</li><li>Les références similaires ;"
                    + "</li></ul>").repeat(25);
            List<Evidence.FileFingerprint> files = List.of(
                    new Evidence.FileFingerprint("ADO-2207-2020 - Compléments - rev" + i + ".pdf", 1_048_576L + i,
                            Hashes.sha256("file-a-" + i)),
                    new Evidence.FileFingerprint("Bordereau des prix - lot " + i + ".xlsx", 88_064L + i,
                            Hashes.sha256("file-b-" + i)));
            exchanges.add(new ProofData.Exchange(i % 2 == 0 ? "Message" : "Réponse", start.plusSeconds(i * 86_400L),
                    i % 2 == 0 ? "Réf. ADO-2207-2020 - Demande de complément n° " + i : "Réponse de GREGORY DUPONT",
                    body, Hashes.sha256(body), files, false, null));
        }
        return new ProofData(start.plusSeconds(200 * 3600L), new ProofData.ConsultationPart("ADO-2207-2020",
                "Achat de matériel informatique", "Achat d'ordinateurs fixes, d'écrans et d'ordinateurs portables",
                Instant.parse("2030-07-31T15:30:00Z"), "Département des Bouches-du-Rhône",
                "Direction des Systèmes d'Information"), "gregory.dupont@atexo.example", steps, exchanges);
    }
}
