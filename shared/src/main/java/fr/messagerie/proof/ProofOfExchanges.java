package fr.messagerie.proof;

import com.fasterxml.jackson.core.JsonProcessingException;
import fr.messagerie.common.Agent;
import fr.messagerie.common.Hashes;
import fr.messagerie.common.ProblemException;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.EventType;
import fr.messagerie.delivery.EventWording;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.Evidence;
import fr.messagerie.files.FileKeys;
import fr.messagerie.files.FileStore;
import fr.messagerie.letters.Letter;
import fr.messagerie.recipient.Exchange;
import fr.messagerie.recipient.ReplyForAgent;
import fr.messagerie.support.Json;
import fr.messagerie.tracking.Threads;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The content of the PDF "Preuve des échanges" of one delivery, from its event log: for the agent (with the sealing
 * rule) or for the recipient (their own exchange, their own reply always readable, once the letter is opened). The
 * PDF is stored once per content, then served through a short presigned link; requests are bounded per minute.
 */
public final class ProofOfExchanges {
    /** Proof requests per delivery and per minute, counted apart for the agents and for the company. */
    public static final int REQUESTS_PER_MINUTE = 20;
    /** The user metadata of a stored proof that says when it was generated (its title says it too). */
    static final String GENERATED_AT = "generated-at";

    private final Threads threads;
    private final FileStore files;
    private final ProofRequests requests;
    private final Function<ProofData, byte[]> renderer;
    private final Clock clock;

    public ProofOfExchanges(Threads threads, FileStore files, ProofRequests requests,
                            Function<ProofData, byte[]> renderer, Clock clock) {
        this.threads = threads;
        this.files = files;
        this.requests = requests;
        this.renderer = renderer;
        this.clock = clock;
    }

    public record Proof(String url, String fileName, Instant generatedAt) {
    }

    public Proof forAgent(Agent agent, String deliveryId) {
        Threads.Thread thread = threads.thread(agent, deliveryId);
        bound(deliveryId, "agent");
        return store(data(thread.letter(), thread.consultation(), thread.delivery().recipient().email(),
                thread.events(), thread.attachments(), thread.reply()), deliveryId);
    }

    /** The company's proof: it reproduces the letter, so nothing before "Accéder au contenu du courrier". */
    public Proof forRecipient(Exchange exchange) {
        bound(exchange.delivery().id(), "recipient");
        if (exchange.readAt().isEmpty()) {
            throw ProblemException.conflict("letter-not-opened", "Accédez d'abord au contenu du courrier : la preuve "
                    + "des échanges, qui le reproduit, est disponible une fois le courrier ouvert.");
        }
        // The company's own reply is never sealed from the company.
        Optional<ReplyForAgent> reply = exchange.reply()
                .map(r -> new ReplyForAgent(r.sentAt(), false, null, r.body(), r.attachments()));
        List<DeliveryEvent> events = DeliveryEvent.chronological(exchange.events());
        return store(data(exchange.letter(), exchange.consultation(), exchange.delivery().recipient().email(), events,
                exchange.attachments(), reply), exchange.delivery().id());
    }

    private void bound(String deliveryId, String requester) {
        if (!requests.count(deliveryId, requester, clock.instant(), REQUESTS_PER_MINUTE)) {
            throw ProblemException.tooManyRequests("too-many-proof-requests", "La preuve des échanges de ce "
                    + "courrier a été demandée trop souvent : réessayez dans une minute.");
        }
    }

    /**
     * The PDF is keyed by the SHA-256 of what it shows, its generation time apart: an unchanged thread reuses the
     * stored proof (the bucket is versioned, so rewriting it would keep a copy each time), a changed one gets its own.
     */
    private Proof store(ProofData data, String deliveryId) {
        String key = FileKeys.proof(deliveryId, contentKey(data));
        Instant generatedAt = files.metadata(key).map(m -> m.get(GENERATED_AT)).map(Instant::parse).orElse(null);
        if (generatedAt == null) {
            files.write(key, renderer.apply(data), "application/pdf",
                    Map.of(GENERATED_AT, data.generatedAt().toString()));
            files.keepAsEvidence(key);
            generatedAt = data.generatedAt();
        }
        String fileName = "Preuve des échanges - " + data.consultation().reference() + " - " + data.recipient() + ".pdf";
        return new Proof(files.presignGet(key, fileName, "application/pdf", FileStore.DOWNLOAD_VALIDITY),
                fileName, generatedAt);
    }

    static String contentKey(ProofData data) {
        ProofData content = new ProofData(null, data.consultation(), data.recipient(), data.steps(), data.exchanges());
        try {
            return Hashes.sha256(Json.MAPPER.writeValueAsBytes(content));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ProofData data(Letter letter, Consultation consultation, String recipient, List<DeliveryEvent> events,
                           List<Attachment> attachments, Optional<ReplyForAgent> reply) {
        List<ProofData.Step> steps = events.stream().map(e -> new ProofData.Step(stepLabel(e), e.at(), e.actorLabel()))
                .toList();
        List<ProofData.Exchange> exchanges = new ArrayList<>();
        Optional<DeliveryEvent> sent = events.stream().filter(e -> e.type() == EventType.SENT).findFirst();
        exchanges.add(new ProofData.Exchange("Message", sent.map(DeliveryEvent::at).orElse(letter.sentAt()),
                letter.type().label() + " — " + letter.subject(), letter.body(),
                sent.map(e -> e.detail(DeliveryEvent.BODY_SHA256)).orElse(Hashes.sha256(letter.body())),
                sent.map(DeliveryEvent::files).orElseGet(() -> Evidence.fingerprints(attachments)), false, null));
        reply.ifPresent(r -> {
            Optional<DeliveryEvent> replied = events.stream().filter(e -> e.type() == EventType.REPLIED).findFirst();
            exchanges.add(r.sealed()
                    ? new ProofData.Exchange("Réponse", r.sentAt(), "Réponse de " + recipient, null, null, List.of(),
                    true, r.sealedNotice())
                    : new ProofData.Exchange("Réponse", r.sentAt(), "Réponse de " + recipient, r.body(),
                    replied.map(e -> e.detail(DeliveryEvent.BODY_SHA256)).orElse(Hashes.sha256(r.body())),
                    Evidence.fingerprints(r.files()), false, null));
        });
        return new ProofData(clock.instant(), new ProofData.ConsultationPart(consultation.reference(),
                consultation.title(), consultation.object(), consultation.bidDeadline(), consultation.organismName(),
                consultation.purchasingEntity()), recipient, steps, exchanges);
    }

    /** The seed's wording of the "Résumé des échanges", as {@link EventWording#proofStep} words every event. */
    static String stepLabel(DeliveryEvent event) {
        return EventWording.proofStep(event);
    }
}
