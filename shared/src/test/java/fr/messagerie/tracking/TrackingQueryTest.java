package fr.messagerie.tracking;

import fr.messagerie.common.ProblemException;
import fr.messagerie.consultations.Register;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.letters.LetterType;
import fr.messagerie.letters.Recipient;
import fr.messagerie.letters.ReplyOptions;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackingQueryTest {
    private static final DeliveryStatus[] STATUSES = {DeliveryStatus.SENDING, DeliveryStatus.DELIVERED,
            DeliveryStatus.NOT_DELIVERED, DeliveryStatus.READ, DeliveryStatus.REPLY_UNREAD};
    private static final LetterType[] TYPES = {LetterType.COURRIER_LIBRE, LetterType.REJET, LetterType.ATTRIBUTION};

    /** 237 lines, newest first, several per second (same timestamps), of every status and type. */
    private static List<TrackingRow> rows() {
        List<TrackingRow> rows = new ArrayList<>();
        for (int i = 0; i < 237; i++) {
            Instant at = Instant.parse("2026-11-22T12:00:00Z").minusSeconds(i / 3 * 3600L);
            String id = String.format("%032x", 1000 - i);
            Recipient recipient = new Recipient("contact" + (i % 7) + "@entreprise" + (i % 7) + ".fr",
                    i % 7 == 0 ? "DUPONT Grégory" : null, i % 7 == 0 ? "ATEXO" : null, Register.WITHDRAWALS);
            String subject = i % 11 == 0 ? "Réponse à votre question sur le lot n° 2" : "Courrier " + i;
            rows.add(new TrackingRow(id, "l" + i, at, STATUSES[i % STATUSES.length], TYPES[i % TYPES.length],
                    subject, "Bonjour, " + subject, recipient, at, null, null, null, i % 4 == 0, null, null,
                    ReplyOptions.NONE, (subject + " " + recipient.email() + " " + recipient.name()).toLowerCase()));
        }
        return rows;
    }

    private static TrackingQuery query(Map<String, String> parameters) {
        return TrackingQuery.parse(parameters);
    }

    @Test
    void paging_walks_every_matching_line_exactly_once_whatever_the_page_size() {
        List<TrackingRow> rows = rows();
        for (int size : TrackingQuery.PAGE_SIZES) {
            for (Map<String, String> filters : List.of(Map.<String, String>of(), Map.of("status", "DELIVERED,READ"),
                    Map.of("type", "REJET", "favorite", "true"), Map.of("q", "reponse question"))) {
                Map<String, String> parameters = new HashMap<>(filters);
                parameters.put("limit", Integer.toString(size));
                List<String> seen = new ArrayList<>();
                TrackingQuery.Page page = query(parameters).apply(rows);
                int total = page.total();
                while (true) {
                    assertTrue(page.rows().size() <= size);
                    page.rows().forEach(r -> seen.add(r.deliveryId()));
                    if (page.nextCursor() == null) {
                        break;
                    }
                    parameters.put("cursor", page.nextCursor());
                    page = query(parameters).apply(rows);
                }
                assertEquals(total, seen.size(), filters + " / " + size);
                assertEquals(total, new HashSet<>(seen).size(), "no line twice");
            }
        }
    }

    @Test
    void filters_combine_and_counts_match_the_lines() {
        List<TrackingRow> rows = rows();
        TrackingQuery.Page all = query(Map.of("limit", "100")).apply(rows);
        assertEquals(237, all.total());
        assertEquals(237, all.countsByStatus().values().stream().mapToInt(Integer::intValue).sum());
        for (DeliveryStatus status : STATUSES) {
            int expected = (int) rows.stream().filter(r -> r.status() == status).count();
            assertEquals(expected, all.countsByStatus().get(status));
            assertEquals(expected, query(Map.of("status", status.name())).apply(rows).total());
        }
        TrackingQuery.Page combined = query(Map.of("status", "DELIVERED,NOT_DELIVERED", "type", "REJET",
                "recipient", "ATEXO", "favorite", "true", "limit", "100")).apply(rows);
        long expected = rows.stream().filter(r -> Set.of(DeliveryStatus.DELIVERED, DeliveryStatus.NOT_DELIVERED)
                .contains(r.status()) && r.letterType() == LetterType.REJET && "ATEXO".equals(r.recipient().company())
                && r.favorite()).count();
        assertEquals(expected, combined.total());
        combined.rows().forEach(r -> assertTrue(r.favorite() && r.letterType() == LetterType.REJET));
        assertEquals(rows.stream().filter(r -> r.subject().contains("lot n° 2")).count(),
                query(Map.of("q", "REPONSE lot")).apply(rows).total(), "keywords ignore case and accents");
        assertEquals(rows.stream().filter(TrackingRow::favorite).count(), all.favorites());
    }

    @Test
    void newest_first_and_the_last_page_has_no_cursor() {
        TrackingQuery.Page page = query(Map.of("limit", "100", "status", "READ")).apply(rows());
        for (int i = 1; i < page.rows().size(); i++) {
            assertTrue(!page.rows().get(i).sentAt().isAfter(page.rows().get(i - 1).sentAt()));
        }
        assertNull(query(Map.of("limit", "100", "type", "ATTRIBUTION", "status", "READ")).apply(rows()).nextCursor());
    }

    @Test
    void send_dates_are_days_in_paris_time() {
        TrackingQuery query = query(Map.of("from", "2026-11-22", "to", "2026-11-22"));
        assertEquals(Instant.parse("2026-11-21T23:00:00Z"), query.fromInstant());
        assertEquals(Instant.parse("2026-11-22T23:00:00Z"), query.toInstant());
    }

    @Test
    void bad_filter_values_are_refused_in_french() {
        for (Map<String, String> bad : List.of(Map.of("status", "LU"), Map.of("status", "DRAFT"),
                Map.of("type", "RECOMMANDE"), Map.of("limit", "25"), Map.of("limit", "dix"),
                Map.of("from", "22/11/2026"), Map.of("from", "2026-11-23", "to", "2026-11-22"),
                Map.of("cursor", "pas-un-curseur"), Map.of("favorite", "oui"))) {
            ProblemException problem = assertThrows(ProblemException.class, () -> query(bad), bad.toString());
            assertEquals(400, problem.status());
            assertTrue(problem.violations().get(0).message().length() > 20);
        }
    }
}
