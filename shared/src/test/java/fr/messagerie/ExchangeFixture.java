package fr.messagerie;

import fr.messagerie.common.Agent;
import fr.messagerie.common.Organism;
import fr.messagerie.common.SettableClock;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.consultations.ConsultationAccess;
import fr.messagerie.consultations.InMemoryConsultationStore;
import fr.messagerie.consultations.InMemoryOrganismStore;
import fr.messagerie.consultations.Register;
import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DispatchDelivery;
import fr.messagerie.delivery.DispatchQueue;
import fr.messagerie.delivery.EventType;
import fr.messagerie.delivery.InMemoryDispatchQueue;
import fr.messagerie.delivery.Mailer;
import fr.messagerie.delivery.RecordDeliveryEvent;
import fr.messagerie.delivery.StatusProjection;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.files.InMemoryAttachmentStore;
import fr.messagerie.files.InMemoryFileStore;
import fr.messagerie.letters.InMemoryLetterStore;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterEmails;
import fr.messagerie.letters.LetterState;
import fr.messagerie.letters.LetterType;
import fr.messagerie.letters.Recipient;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.letters.SendMode;
import fr.messagerie.proof.InMemoryProofRequests;
import fr.messagerie.proof.ProofData;
import fr.messagerie.proof.ProofOfExchanges;
import fr.messagerie.recipient.AccessTokens;
import fr.messagerie.recipient.CompleteReplyUpload;
import fr.messagerie.recipient.DownloadFile;
import fr.messagerie.recipient.Exchange;
import fr.messagerie.recipient.Exchanges;
import fr.messagerie.recipient.OfferReplyUpload;
import fr.messagerie.recipient.OpenLetter;
import fr.messagerie.recipient.RemoveReplyFile;
import fr.messagerie.recipient.SendReply;
import fr.messagerie.recipient.ShowHistory;
import fr.messagerie.tracking.InMemoryTrackingStore;
import fr.messagerie.tracking.ListTracking;
import fr.messagerie.tracking.MarkFavorite;
import fr.messagerie.tracking.MarkReplyRead;
import fr.messagerie.tracking.ResendDelivery;
import fr.messagerie.tracking.RevokeLink;
import fr.messagerie.tracking.ShowThread;
import fr.messagerie.tracking.Threads;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The use cases an agent and a company meet (the tracking actions, the recipient's, ProofOfExchanges) wired over the in-memory
 * ports, with letters sent by the real {@link DispatchDelivery} (a fake mail service, tokens drawn in order) and the
 * mail service's reports recorded as the ses-events function records them. Two organisms each have a consultation
 * "ADO-1": ids are scoped per organism.
 */
public final class ExchangeFixture {
    public static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    public static final String CONSULTATION = "ADO-1";

    public final SettableClock clock = new SettableClock(T0);
    public final InMemoryOrganismStore organisms = new InMemoryOrganismStore(
            new Organism("org-a", "Département de l'Aude"), new Organism("org-b", "Ville de Nantes"));
    public final InMemoryConsultationStore consultationStore = new InMemoryConsultationStore();
    public final ConsultationAccess consultations = new ConsultationAccess(consultationStore, organisms);
    public final InMemoryTrackingStore deliveries = new InMemoryTrackingStore(clock, consultationStore);
    public final InMemoryAttachmentStore attachments = new InMemoryAttachmentStore();
    public final InMemoryLetterStore letters = new InMemoryLetterStore(attachments);
    public final InMemoryFileStore files = new InMemoryFileStore(clock);
    public final InMemoryDispatchQueue queue = new InMemoryDispatchQueue();
    public final InMemoryProofRequests proofRequests = new InMemoryProofRequests();
    public final RecordDeliveryEvent log = new RecordDeliveryEvent(deliveries);

    /** Every email handed to the mail service, and the token of the latest link of each delivery. */
    public final List<Mailer.OutgoingEmail> emails = new ArrayList<>();
    private final Map<String, String> tokens = new HashMap<>();
    private int drawnTokens;
    /** What each generated PDF showed. */
    public final List<ProofData> rendered = new ArrayList<>();

    public final Threads threads = new Threads(deliveries, letters, clock);
    public final ListTracking listTracking = new ListTracking(deliveries);
    public final ShowThread showThread = new ShowThread(threads);
    public final MarkFavorite markFavorite = new MarkFavorite(threads, deliveries);
    public final MarkReplyRead markReplyRead = new MarkReplyRead(threads, log, clock);
    public final RevokeLink revokeLink = new RevokeLink(threads, log, clock);
    public final ResendDelivery resend = new ResendDelivery(threads, deliveries, deliveries, log, queue, clock);
    /** What a company does through the link of its email. */
    public final Exchanges exchanges = new Exchanges(deliveries, deliveries, deliveries, letters, attachments, clock);
    public final OpenLetter openLetter = new OpenLetter(deliveries, clock);
    public final DownloadFile downloadFile = new DownloadFile(files);
    public final OfferReplyUpload offerReplyUpload = new OfferReplyUpload(attachments, files,
            "https://messagerie.example.fr/", clock);
    public final CompleteReplyUpload completeReplyUpload = new CompleteReplyUpload(exchanges, attachments, files, clock);
    public final RemoveReplyFile removeReplyFile = new RemoveReplyFile(exchanges, attachments, files);
    public final SendReply sendReply = new SendReply(exchanges, deliveries, deliveries, files, clock);
    public final ShowHistory showHistory = new ShowHistory(deliveries, deliveries, letters);
    public final ProofOfExchanges proofs = new ProofOfExchanges(threads, files, proofRequests, data -> {
        rendered.add(data);
        return ("%PDF " + rendered.size()).getBytes(StandardCharsets.UTF_8);
    }, clock);

    private final LetterEmails render = (letter, consultation, link) -> new LetterEmails.RenderedEmail(
            letter.subject(), "<p>" + link + "</p>", String.valueOf(link));
    private final Mailer mailer = email -> {
        emails.add(email);
        String link = email.text();
        if (link.contains("/r/")) {
            tokens.put(email.tags().get("deliveryId"), link.substring(link.indexOf("/r/") + 3));
        }
        return "ses-" + emails.size();
    };
    public final DispatchDelivery dispatch = new DispatchDelivery(letters, deliveries, deliveries, attachments, files, render,
            mailer, "https://messagerie.example.fr", clock,
            id -> AccessTokens.of(id, String.format("secret%037d", ++drawnTokens)));

    public final Agent alice = new Agent("agent-alice", "Alice MARTIN", "alice.martin@aude.fr", "org-a", null);
    public final Agent bruno = new Agent("agent-bruno", "Bruno PETIT", "bruno.petit@aude.fr", "org-a", null);
    /** An agent of the other organism. */
    public final Agent eve = new Agent("agent-eve", "Ève LEROY", "eve.leroy@nantes.fr", "org-b", null);

    public final Recipient acme = new Recipient("contact@acme.fr", "Jean DUPONT", "ACME BTP", Register.FREE_RECIPIENTS);
    public final Recipient batiment = Recipient.typed("offres@batiment-sud.fr");
    public final Recipient charpente = Recipient.typed("direction@charpente.fr");

    public ExchangeFixture() {
        consultationStore.save(new Consultation(CONSULTATION, "org-a", "ADO-2207-2020",
                "Réfection de la toiture du collège", "Travaux de couverture", Instant.parse("2026-12-15T16:00:00Z"),
                null, "Direction des bâtiments", "https://marches.example.fr/ADO-1", Map.of()));
        consultationStore.save(new Consultation(CONSULTATION, "org-b", "NAN-0001", "Entretien des espaces verts",
                null, null, null, null, null, Map.of()));
    }

    /** A letter of Alice on ADO-1, sent now, with the consultation block frozen as it is now. */
    public Letter letter(String id, ReplyOptions replyOptions, String subject, String body, Recipient... recipients) {
        return letter(id, LetterType.COURRIER_LIBRE, SendMode.ACCESS_LINK, replyOptions, subject, body, recipients);
    }

    public Letter letter(String id, LetterType type, SendMode mode, ReplyOptions replyOptions, String subject,
                         String body, Recipient... recipients) {
        Instant now = clock.instant();
        Letter letter = new Letter(id, CONSULTATION, "org-a", type, mode, replyOptions, subject, body,
                List.of(recipients), alice, LetterState.SENT, now, now, now, 1,
                consultations.blockAsSent("org-a", CONSULTATION));
        letters.create(letter);
        return letter;
    }

    /** A ready file of a letter, stored in the bucket. */
    public Attachment letterFile(Letter letter, String fileName, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String key = "letters/" + letter.id() + "/" + fileName;
        files.put(key, bytes, "application/pdf");
        Attachment attachment = new Attachment("file-" + fileName, fileName, "application/pdf", bytes.length,
                InMemoryFileStore.sha256Hex(bytes), key);
        attachments.save(AttachmentStore.Owner.letter(letter.id()),
                new AttachmentStore.StoredAttachment(attachment, true, null, clock.instant()));
        return attachment;
    }

    /** The delivery of a letter to one recipient, created as the send fan-out creates it: "En cours d'envoi". */
    public String created(Letter letter, Recipient recipient) {
        Delivery delivery = new Delivery(Delivery.idOf(letter.id(), recipient), letter.id(),
                letter.consultationId(), letter.organismId(), recipient, clock.instant(), null);
        deliveries.createIfAbsent(delivery, letter);
        return delivery.id();
    }

    /** Created and handed to the mail service (attempt 1): "E". */
    public String sent(Letter letter, Recipient recipient) {
        String id = created(letter, recipient);
        dispatch.dispatch(new DispatchQueue.Dispatch(id, 1));
        return id;
    }

    /** Sent, then reported delivered by the receiving server: "Délivré". */
    public String delivered(Letter letter, Recipient recipient) {
        String id = sent(letter, recipient);
        delivered(id);
        return id;
    }

    /** The mail service reports the latest attempt delivered, a second later. */
    public void delivered(String deliveryId) {
        clock.advance(java.time.Duration.ofSeconds(1));
        int attempt = StatusProjection.latestAttempt(deliveries.events(deliveryId));
        log.record(deliveryId, new DeliveryEvent("delivery:" + deliveryId + ":" + attempt, EventType.DELIVERED,
                clock.instant(), attempt, DeliveryEvent.MAIL_SERVICE, Map.of()));
    }

    /** The mail service reports the latest attempt bounced, a second later: "Non délivré". */
    public void bounced(String deliveryId, String reason) {
        clock.advance(java.time.Duration.ofSeconds(1));
        int attempt = StatusProjection.latestAttempt(deliveries.events(deliveryId));
        log.record(deliveryId, new DeliveryEvent("bounce:" + deliveryId + ":" + attempt, EventType.BOUNCED,
                clock.instant(), attempt, DeliveryEvent.MAIL_SERVICE, Map.of(DeliveryEvent.REASON, reason)));
    }

    /** Sends what the agents' actions handed to the queue, as the send function does. */
    public void dispatchQueued() {
        List<DispatchQueue.Dispatch> queued = queue.enqueued();
        queue.clear();
        queued.forEach(dispatch::dispatch);
    }

    /** The token of the latest access link emailed for the delivery. */
    public String token(String deliveryId) {
        String token = tokens.get(deliveryId);
        if (token == null) {
            throw new IllegalStateException("No link emailed for " + deliveryId);
        }
        return token;
    }

    /** The letter as its recipient reaches it through the link of their email. */
    public Exchange exchange(String deliveryId) {
        return exchanges.find(token(deliveryId), null).orElseThrow();
    }

    /** "Accéder au contenu du courrier", then the content page. */
    public Exchange opened(String deliveryId) {
        String token = token(deliveryId);
        openLetter.open(exchanges.reach(token, null).orElseThrow());
        return exchanges.find(token, null).orElseThrow();
    }

    public List<EventType> eventTypes(String deliveryId) {
        return deliveries.events(deliveryId).stream().map(DeliveryEvent::type).toList();
    }
}
