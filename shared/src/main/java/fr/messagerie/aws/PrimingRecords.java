package fr.messagerie.aws;

import fr.messagerie.common.Agent;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.consultations.Register;
import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DispatchClaims;
import fr.messagerie.delivery.EventType;
import fr.messagerie.delivery.RecordDeliveryEvent;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentStore.Owner;
import fr.messagerie.files.AttachmentStore.StoredAttachment;
import fr.messagerie.files.FileKeys;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterState;
import fr.messagerie.letters.LetterType;
import fr.messagerie.letters.Recipient;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.letters.SendMode;
import fr.messagerie.recipient.AccessTokens;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The synthetic records of a priming: a letter of the priming agent's organism (the one of {@link Priming}'s
 * synthetic requests) with one file, and once sent its delivery to one recipient, all clearly made up (ids
 * {@code amorcage…}, addresses in {@code .invalid}, fixed dates) and written through a twin's own stores into the
 * scratch table of the priming in progress ({@link OfflineTable}), so that the twin's synthetic requests find what a
 * real request finds and go the whole way: the stores parse the items, the use case runs, the views are written.
 * Nothing random is drawn, and the records exist only in that table.
 */
public final class PrimingRecords {
    /** The delivery of the synthetic letter with an access link ({@link #sentWithLink}). */
    public static final String LINKED = "amorcage";
    /** The access token of the synthetic letter's link: fixed, so that a priming draws none. */
    public static final String TOKEN = token(LINKED);
    /** The organism of the priming agent, and of its letters. */
    public static final String ORGANISM = "amorcage";
    private static final Instant AT = Instant.parse("2026-01-05T09:30:00Z");
    private static final Agent AUTHOR = new Agent("priming", "Amorçage", "amorcage@messagerie.invalid", ORGANISM,
            null);
    private static final String BODY = "<p>Bonjour,</p><p>Merci d’apporter des précisions « sous huitaine » :"
            + " <strong>prix</strong>, <em>délais</em>, œuvres ; 12\u00A0500\u00A0€ HT.</p>"
            + "<ul><li>Première étape</li></ul>"
            + "<p><a href=\"https://amorcage.invalid/consultation\">Consultation</a></p>";

    private PrimingRecords() {
    }

    /** The fixed token of a synthetic delivery's link. */
    public static String token(String deliveryId) {
        return AccessTokens.of(deliveryId, "amorcage-" + "0".repeat(AccessTokens.SECRET_LENGTH - 9));
    }

    /**
     * Writes a letter {@code letterId} of the priming organism with one ready file and, unless it is a draft, its
     * delivery {@code letterId} to one recipient; returns the letter. Only into a twin's scratch table: the
     * environment must be one of {@link Priming#offline}, and a priming must be running.
     */
    public static Letter write(Map<String, String> twinEnv, String letterId, SendMode mode, LetterState state) {
        if (!twinEnv.containsKey(AwsClients.OFFLINE)) {
            throw new IllegalArgumentException("Priming records go to an offline twin only");
        }
        DynamoStores stores = DynamoStores.fromEnv(twinEnv);
        Recipient recipient = new Recipient("destinataire@amorcage.invalid", "Destinataire", "Entreprise d’amorçage",
                Register.DEPOSITS);
        Consultation consultation = new Consultation(ORGANISM, ORGANISM, "AMORCAGE-2026", "Amorçage",
                "Objet de la consultation – lot n° 1", AT.plusSeconds(86_400 * 30), "Organisme d’amorçage",
                "Entité d’achat", "https://amorcage.invalid/consultation", Map.of());
        boolean draft = state == LetterState.DRAFT;
        Letter letter = new Letter(letterId, ORGANISM, ORGANISM, LetterType.DEMANDE_COMPLEMENT, mode,
                new ReplyOptions(true, Instant.parse("2099-12-31T16:00:00Z"), false),
                "Demande de précisions – Amorçage", BODY, List.of(recipient), AUTHOR, state, AT, AT,
                draft ? null : AT, 1, draft ? null : consultation.block());
        stores.letters().create(letter);
        Attachment file = new Attachment(letterId, "Mémoire technique.pdf", "application/pdf", 1024,
                "0".repeat(64), FileKeys.letterAttachment(letterId, letterId));
        stores.attachments().save(Owner.letter(letterId), new StoredAttachment(file, true, "0".repeat(64), AT));
        if (!draft) {
            stores.deliveries().createIfAbsent(new Delivery(letterId, letterId, ORGANISM, ORGANISM, recipient, AT,
                    null), letter);
        }
        return letter;
    }

    /**
     * The sent letter {@link #LINKED} whose delivery has its "sent" event and an access link of {@link #TOKEN},
     * written as the send function writes them (the link with the claim), for the functions whose first request
     * starts from a delivery: the events, the recipient pages, the thread and the proof.
     */
    public static Letter sentWithLink(Map<String, String> twinEnv) {
        String letterId = LINKED;
        Letter letter = write(twinEnv, letterId, SendMode.ACCESS_LINK, LetterState.SENT);
        DynamoStores stores = DynamoStores.fromEnv(twinEnv);
        stores.dispatchClaims().claim(letterId, 1, AT, Duration.ofMinutes(1), new DispatchClaims.AccessGrant(
                AccessTokens.hash(TOKEN), AT, Instant.parse("2099-12-31T00:00:00Z")));
        new RecordDeliveryEvent(stores.deliveryLog()).record(letterId, new DeliveryEvent("sent:" + letterId + ":1",
                EventType.SENT, AT.plusSeconds(1), 1, AUTHOR.id(), Map.of(DeliveryEvent.MESSAGE_ID, letterId,
                DeliveryEvent.AGENT_NAME, AUTHOR.displayName())));
        return letter;
    }
}
