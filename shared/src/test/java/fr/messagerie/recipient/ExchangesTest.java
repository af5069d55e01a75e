package fr.messagerie.recipient;

import fr.messagerie.ExchangeFixture;
import fr.messagerie.common.ProblemException;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.EventType;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterState;
import fr.messagerie.letters.LetterType;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.letters.SendMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static fr.messagerie.ExchangeFixture.T0;
import static fr.messagerie.recipient.RecipientTests.deliveredWithFile;
import static fr.messagerie.recipient.RecipientTests.problem;
import static fr.messagerie.recipient.RecipientTests.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The letter a link reaches ({@link Exchanges}): the token, the sibling letters, nothing recorded. */
class ExchangesTest {
    private final ExchangeFixture f = new ExchangeFixture();
    private final Exchanges exchanges = f.exchanges;

    @Test
    void landing_on_the_link_records_nothing() {
        String id = deliveredWithFile(f, ReplyOptions.NONE);
        List<DeliveryEvent> before = f.deliveries.events(id);

        for (int i = 0; i < 3; i++) {
            assertTrue(exchanges.find(f.token(id), null).isPresent());
            assertTrue(exchanges.reach(f.token(id), null).isPresent());
        }

        assertEquals(before, f.deliveries.events(id));
        assertEquals(DeliveryStatus.DELIVERED, f.showThread.show(f.alice, id).status());
        assertEquals(Optional.empty(), exchanges.find(f.token(id), null).orElseThrow().readAt());
        assertEquals(null, row(f, id).readL());
    }

    @Test
    void revoked_expired_malformed_and_unknown_tokens_open_nothing_alike() {
        String id = deliveredWithFile(f, ReplyOptions.ALLOWED);
        String token = f.token(id);
        assertTrue(exchanges.find(token, null).isPresent());

        for (String unknown : List.of("token000000000000000000000000099", "court", "../../etc/passwd", "")) {
            assertEquals(Optional.empty(), exchanges.reach(unknown, null), unknown);
            assertEquals(Optional.empty(), exchanges.find(unknown, null), unknown);
        }
        assertEquals(Optional.empty(), exchanges.find(null, null));

        f.revokeLink.revoke(f.alice, id);

        assertEquals(Optional.empty(), exchanges.reach(token, null));
        assertEquals(Optional.empty(), exchanges.find(token, null));
        ProblemException upload = problem(() -> f.completeReplyUpload.complete(token,
                "reply-uploads/" + id + "/0b7e8f5e-8f6a-4b8e-9d7b-1a2b3c4d5e6f"));
        ProblemException unknownUpload = problem(() -> f.completeReplyUpload.complete(
                "token000000000000000000000000099", "reply-uploads/" + id + "/0b7e8f5e-8f6a-4b8e-9d7b-1a2b3c4d5e6f"));
        assertEquals(unknownUpload.status(), upload.status());
        assertEquals(unknownUpload.violations(), upload.violations());
        assertEquals("invalid-upload", upload.code());
        assertEquals(List.of(EventType.SENT, EventType.DELIVERED, EventType.LINK_REVOKED), f.eventTypes(id),
                "no receipt, no reply through a revoked link");
    }

    @Test
    void a_token_opens_nothing_once_its_validity_is_over() {
        String id = deliveredWithFile(f, ReplyOptions.NONE);
        String token = f.token(id);

        f.clock.set(T0.plus(AccessTokens.VALIDITY));
        assertTrue(exchanges.reach(token, null).isPresent(), "valid up to its last instant");
        f.clock.set(T0.plus(AccessTokens.VALIDITY).plusMillis(1));
        assertEquals(Optional.empty(), exchanges.reach(token, null));
        assertEquals(Optional.empty(), exchanges.find(token, null));
    }

    @Test
    void a_token_opens_only_the_delivery_it_names_and_only_with_its_own_secret() {
        Letter letter = f.letter("l1", ReplyOptions.NONE, "Objet", "<p>1</p>", f.acme, f.batiment);
        String mine = f.delivered(letter, f.acme);
        String theirs = f.delivered(letter, f.batiment);
        String token = f.token(mine);
        String secret = token.substring(token.length() - AccessTokens.SECRET_LENGTH);
        String forged = secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A");

        assertTrue(token.startsWith(mine), "the token names its delivery");
        assertEquals(mine, exchanges.reach(token, null).orElseThrow().head().delivery().id());
        assertEquals(Optional.empty(), exchanges.reach(AccessTokens.of(theirs, secret), null),
                "my secret does not open their delivery");
        assertEquals(Optional.empty(), exchanges.reach(AccessTokens.of(mine, forged), null));
        assertEquals(Optional.empty(), exchanges.reach(secret, null), "nor does the secret alone");
    }

    @Test
    void a_link_of_before_whose_token_is_the_secret_alone_still_opens_its_delivery() {
        String id = deliveredWithFile(f, ReplyOptions.NONE);
        String old = "ancienLien" + "0".repeat(AccessTokens.SECRET_LENGTH - 10);
        f.deliveries.legacyLink(AccessTokens.hash(old), id);

        assertEquals(id, exchanges.reach(old, null).orElseThrow().head().delivery().id());
        f.revokeLink.revoke(f.alice, id);
        assertEquals(Optional.empty(), exchanges.reach(old, null), "and is disabled with the delivery's link");
    }

    @Test
    void a_token_reaches_the_other_letters_of_the_same_company_on_the_consultation_and_no_other() {
        Letter first = f.letter("l1", ReplyOptions.NONE, "Premier", "<p>1</p>", f.acme, f.batiment);
        String mine = f.delivered(first, f.acme);
        String theirs = f.delivered(first, f.batiment);
        f.clock.advance(Duration.ofMinutes(1));
        Letter second = f.letter("l2", ReplyOptions.NONE, "Second", "<p>2</p>", f.acme);
        String myOther = f.delivered(second, f.acme);
        String token = f.token(mine);

        assertEquals(myOther, exchanges.find(token, myOther).orElseThrow().delivery().id());
        assertEquals(List.of(myOther, mine), f.showHistory.of(f.exchange(mine)).stream()
                .map(e -> e.delivery().id()).toList(), "newest first");
        assertEquals(Optional.empty(), exchanges.find(token, theirs), "another company's letter");
        assertEquals(Optional.empty(), exchanges.find(token, "0123456789abcdef0123456789abcdef"));

        f.revokeLink.revoke(f.alice, myOther);
        assertEquals(Optional.empty(), exchanges.find(token, myOther), "its own link was disabled");
        assertTrue(exchanges.find(token, null).isPresent());
    }

    @Test
    void a_letter_of_the_same_company_on_another_consultation_or_of_another_organism_is_not_reached() {
        f.consultationStore.save(new Consultation("ADO-2", "org-a", "ADO-2300-2021",
                "Restauration scolaire", null, null, null, null, null, Map.of()));
        Letter here = f.letter("l1", ReplyOptions.NONE, "Ici", "<p>1</p>", f.acme);
        String mine = f.delivered(here, f.acme);
        Letter elsewhere = sentOn("l2", "ADO-2", "org-a");
        String otherConsultation = f.delivered(elsewhere, f.acme);
        Letter otherOrganism = sentOn("l3", ExchangeFixture.CONSULTATION, "org-b");
        String otherOrganismDelivery = f.delivered(otherOrganism, f.acme);
        String token = f.token(mine);

        assertTrue(exchanges.reach(f.token(otherConsultation), null).isPresent(), "its own link opens it");
        assertEquals(Optional.empty(), exchanges.reach(token, otherConsultation), "another consultation");
        assertEquals(Optional.empty(), exchanges.find(token, otherConsultation));
        assertEquals(Optional.empty(), exchanges.reach(token, otherOrganismDelivery), "another organism's ADO-1");
        assertEquals(Optional.empty(), exchanges.reach(token, "../" + otherConsultation), "not an id");
        assertEquals(mine, exchanges.reach(token, mine).orElseThrow().deliveryId(), "its own letter, named");
        assertEquals(List.of(mine), f.showHistory.of(f.exchange(mine)).stream().map(e -> e.delivery().id()).toList(),
                "nor listed in its history");
    }

    @Test
    void the_exchange_is_the_letter_as_sent_with_its_files_and_log() {
        String id = deliveredWithFile(f, ReplyOptions.ALLOWED);

        Exchange exchange = exchanges.find(f.token(id), null).orElseThrow();

        assertEquals(f.token(id), exchange.token());
        assertEquals(id, exchange.delivery().id());
        assertEquals("Demande de complément", exchange.letter().subject());
        assertEquals("ADO-2207-2020", exchange.consultation().reference());
        assertEquals(List.of("cahier.pdf"), exchange.attachments().stream().map(a -> a.fileName()).toList());
        assertEquals(List.of(EventType.SENT, EventType.DELIVERED), exchange.events().stream()
                .map(DeliveryEvent::type).toList());
        assertEquals(Optional.empty(), exchange.reply());
        assertEquals(List.of(), exchange.replyFiles());
        assertEquals(exchange, exchanges.load(f.token(id), exchange.delivery()));
    }

    /** A letter of Alice sent on {@code consultationId} of {@code organismId}. */
    private Letter sentOn(String id, String consultationId, String organismId) {
        Letter letter = new Letter(id, consultationId, organismId, LetterType.COURRIER_LIBRE, SendMode.ACCESS_LINK,
                ReplyOptions.NONE, "Ailleurs", "<p>2</p>", List.of(f.acme), f.alice, LetterState.SENT,
                f.clock.instant(), f.clock.instant(), f.clock.instant(), 1,
                f.consultations.blockAsSent(organismId, consultationId));
        f.letters.create(letter);
        return letter;
    }
}
