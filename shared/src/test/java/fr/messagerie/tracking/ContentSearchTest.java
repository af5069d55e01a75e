package fr.messagerie.tracking;

import fr.messagerie.ExchangeFixture;
import fr.messagerie.consultations.Register;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterType;
import fr.messagerie.letters.Recipient;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.letters.SendMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static fr.messagerie.ExchangeFixture.CONSULTATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The content filters answered from the consultation's letters and recipients give, page after page, exactly what a
 * full read filtered by {@link TrackingQuery#apply} gives: same rows in the same order, totals, counts per status,
 * favourites and cursors.
 */
class ContentSearchTest {
    private static final List<String> WORDS = List.of("Prolongation", "délai", "remise", "offres", "Réponse",
            "question", "toiture", "visite", "charpente", "Œuvre", "complément", "DC4", "attribution", "rejet");
    private static final List<Recipient> RECIPIENTS = List.of(
            new Recipient("contact@acme.fr", "Jean DUPONT", "ACME BTP", Register.FREE_RECIPIENTS),
            new Recipient("Contact@ACME.fr", "Jean Dupont", "ACME Bâtiment", Register.FREE_RECIPIENTS),
            new Recipient("offres@batiment-sud.fr", null, null, Register.FREE_RECIPIENTS),
            new Recipient("direction@charpente.fr", "Hélène Délai", "Charpente & Toiture", Register.FREE_RECIPIENTS),
            new Recipient("prolongation@exemple.fr", "Zoé Remise", null, Register.FREE_RECIPIENTS),
            new Recipient("marches@oeuvre.fr", "Ève Œuvre", "Œuvre SAS", Register.FREE_RECIPIENTS),
            new Recipient("secretariat@visite.fr", null, "Visite Conseil", Register.FREE_RECIPIENTS),
            new Recipient("ao@dupont-freres.fr", "Paul Dupont", "Dupont Frères", Register.FREE_RECIPIENTS));

    private final ExchangeFixture f = new ExchangeFixture();
    private final Random random = new Random(20261120);

    /** A consultation of letters of several types over several days, with favourites, bounces and corrections. */
    private void seed() {
        LetterType[] types = {LetterType.COURRIER_LIBRE, LetterType.REPONSE_QUESTION, LetterType.MODIFICATION,
                LetterType.DEMANDE_COMPLEMENT};
        List<String> bounced = new ArrayList<>();
        for (int l = 0; l < 14; l++) {
            String subject = "Réf. ADO " + words(2);
            String body = "<p>Bonjour, " + words(3) + "</p><p><strong>" + words(1) + "</strong></p>";
            List<Recipient> recipients = new ArrayList<>();
            for (Recipient recipient : RECIPIENTS) {
                boolean sameAddress = recipients.stream().anyMatch(r -> r.key().equals(recipient.key()));
                if (!sameAddress && random.nextInt(3) > 0) {
                    recipients.add(recipient);
                }
            }
            Letter letter = f.letter("letter-" + l, types[l % types.length], SendMode.ACCESS_LINK,
                    ReplyOptions.NONE, subject, body, recipients.toArray(Recipient[]::new));
            for (Recipient recipient : recipients) {
                // Several lines at the same instant: the order falls back on the ids.
                String id = switch (random.nextInt(4)) {
                    case 0 -> f.created(letter, recipient);
                    case 1 -> f.delivered(letter, recipient);
                    default -> f.sent(letter, recipient);
                };
                if (random.nextInt(5) == 0) {
                    f.bounced(id, "Adresse inexistante.");
                    bounced.add(id);
                }
                if (random.nextInt(4) == 0) {
                    f.deliveries.setFavorite(id, true);
                }
            }
            f.clock.advance(Duration.ofHours(7));
        }
        for (int i = 0; i < bounced.size(); i += 2) {
            f.resend.resend(f.alice, bounced.get(i), "corrige" + i + "@prolongation-delai.fr");
        }
    }

    private String words(int count) {
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            picked.add(WORDS.get(random.nextInt(WORDS.size())));
        }
        return String.join(" ", picked);
    }

    @Test
    void every_content_filter_pages_exactly_as_the_full_read_does() {
        seed();
        List<Map<String, String>> queries = new ArrayList<>();
        List<String> keywords = List.of("prolongation", "DÉLAI", "delai dupont", "réponse acme", "toiture sud",
                "oeuvre", "œuvre", "acme.fr", "contact", "zzz", "e", "remise zoe", "visite conseil",
                "prolongation-delai", "REF ADO", "charpente toiture helene");
        for (String q : keywords) {
            queries.add(Map.of("q", q));
            queries.add(Map.of("q", q, "limit", "10", "status", "SENDING"));
            queries.add(Map.of("q", q, "favorite", "true"));
            queries.add(Map.of("q", q, "from", "2026-11-21", "to", "2026-11-22"));
            queries.add(Map.of("q", q, "type", "COURRIER_LIBRE,MODIFICATION"));
            queries.add(Map.of("q", q, "recipient", "dupont"));
        }
        for (String recipient : List.of("acme", "Dupont", "charpente.fr", "Œuvre", "corrige")) {
            queries.add(Map.of("recipient", recipient));
            queries.add(Map.of("recipient", recipient, "type", "REPONSE_QUESTION", "status", "NOT_DELIVERED,SENDING"));
        }
        queries.add(Map.of("type", "DEMANDE_COMPLEMENT"));
        queries.add(Map.of("type", "MODIFICATION", "from", "2026-11-22", "limit", "10"));
        int nonEmpty = 0;
        for (Map<String, String> query : queries) {
            nonEmpty += samePages(query) ? 1 : 0;
        }
        assertTrue(nonEmpty > queries.size() / 2, "most queries find lines: " + nonEmpty + "/" + queries.size());
    }

    /** Follows the cursors of both to the end; true when the first page has lines. */
    private boolean samePages(Map<String, String> parameters) {
        String cursor = null;
        boolean found = false;
        int pages = 0;
        do {
            Map<String, String> withCursor = new HashMap<>(parameters);
            if (cursor != null) {
                withCursor.put("cursor", cursor);
            }
            TrackingQuery query = TrackingQuery.parse(withCursor);
            TrackingQuery.Page full = query.apply(f.deliveries.rows("org-a", CONSULTATION, query.fromInstant(),
                    query.toInstant()));
            Optional<TrackingQuery.Page> searched = new ContentSearch(f.deliveries).page("org-a", CONSULTATION,
                    query);
            assertTrue(searched.isPresent());
            assertEquals(full, searched.get(), parameters + " page " + pages);
            assertEquals(full, f.listTracking.list(f.alice, CONSULTATION, query), parameters + " page " + pages);
            found |= !full.rows().isEmpty();
            cursor = full.nextCursor();
            pages++;
        } while (cursor != null);
        return found;
    }

    @Test
    void a_keyword_of_the_letter_and_one_of_the_recipient_find_the_lines_holding_both() {
        Letter prolongation = f.letter("l1", ReplyOptions.NONE, "Prolongation du délai", "<p>Nouvelle date.</p>",
                RECIPIENTS.get(0), RECIPIENTS.get(2));
        String acme = f.created(prolongation, RECIPIENTS.get(0));
        f.created(prolongation, RECIPIENTS.get(2));
        Letter other = f.letter("l2", ReplyOptions.NONE, "Visite", "<p>Le 3 décembre.</p>", RECIPIENTS.get(0));
        f.created(other, RECIPIENTS.get(0));

        TrackingQuery.Page page = f.listTracking.list(f.alice, CONSULTATION, TrackingQuery.parse(Map.of("q",
                "PROLONGATION acme")));

        assertEquals(List.of(acme), page.rows().stream().map(TrackingRow::deliveryId).toList());
        assertEquals(1, page.total());
    }

    @Test
    void a_corrected_address_is_found_by_its_own_recipient_fields() {
        Letter letter = f.letter("l1", ReplyOptions.NONE, "Documents", "<p>Bonjour.</p>", RECIPIENTS.get(2));
        String first = f.sent(letter, RECIPIENTS.get(2));
        f.bounced(first, "Adresse inexistante.");
        String corrected = f.resend.resend(f.alice, first, "offres@batiment-nord.fr").delivery().id();

        TrackingQuery.Page page = f.listTracking.list(f.alice, CONSULTATION, TrackingQuery.parse(Map.of("q", "nord")));

        assertEquals(List.of(corrected), page.rows().stream().map(TrackingRow::deliveryId).toList());
    }

    @Test
    void without_the_whole_directory_of_recipients_the_filters_read_every_line() {
        seed();
        f.deliveries.overflowRecipients("org-a", CONSULTATION);
        TrackingQuery query = TrackingQuery.parse(Map.of("q", "dupont"));

        assertFalse(new ContentSearch(f.deliveries).page("org-a", CONSULTATION, query).isPresent());
        TrackingQuery.Page page = f.listTracking.list(f.alice, CONSULTATION, query);
        assertEquals(query.apply(f.deliveries.rows("org-a", CONSULTATION, null, null)), page);
        assertFalse(page.rows().isEmpty());
    }

    @Test
    void letters_holding_every_keyword_need_no_recipient() {
        seed();
        f.deliveries.overflowRecipients("org-a", CONSULTATION);
        // "ref" and "ado" are in every subject: the directory of recipients is not needed.
        TrackingQuery query = TrackingQuery.parse(Map.of("q", "ref ado"));
        assertEquals(Optional.of(query.apply(f.deliveries.rows("org-a", CONSULTATION, null, null))),
                new ContentSearch(f.deliveries).page("org-a", CONSULTATION, query));
    }
}
