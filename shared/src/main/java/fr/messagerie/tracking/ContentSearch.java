package fr.messagerie.tracking;

import fr.messagerie.common.Reads;
import fr.messagerie.letters.LetterText;
import fr.messagerie.letters.Recipient;
import fr.messagerie.tracking.TrackingStore.Line;
import fr.messagerie.tracking.TrackingStore.SearchedLetter;
import fr.messagerie.tracking.TrackingStore.SearchedRecipient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * The content filters (keywords, type, recipient) without reading every line. A line's text is its letter's text
 * plus its recipient's email, name and company, and a keyword holds no space, so a keyword is found in a line exactly
 * when it is found in its letter's text or in one of its recipient's fields. Hence:
 * <ul>
 *     <li>the consultation's letters are matched first: a letter of a wanted type whose text holds every keyword has
 *     all its lines matching (without a recipient filter), read from the letter's index with only their status and
 *     favourite, which the counts need; the page's rows alone are read whole;</li>
 *     <li>for the other letters, the keywords they miss must be in the recipient: the consultation's recipients that
 *     could hold them (and the recipient filter) are found in its directory, and their lines read by address, then
 *     filtered exactly as a full read filters ({@link TrackingQuery#matchesContent}).</li>
 * </ul>
 * Totals, counts, order and cursors are then those of {@link TrackingQuery#apply} over every line.
 */
public final class ContentSearch {
    /** Newest first: the order of the indexes, and of {@link TrackingQuery#apply}. */
    private static final Comparator<Line> NEWEST_FIRST = Comparator.comparing(Line::sentAt)
            .thenComparing(Line::deliveryId).reversed();

    private final TrackingStore store;

    ContentSearch(TrackingStore store) {
        this.store = store;
    }

    /** The text a letter's lines are searched in, as its directory keeps it. */
    public static String letterText(LetterText text) {
        return TrackingQuery.normalize(text.searchText().toLowerCase(Locale.ROOT));
    }

    /** Holds whatever the recipient's email, name or company holds (and a little more, across their spaces). */
    public static String recipientText(Recipient recipient) {
        return TrackingQuery.normalize(String.join(" ", recipient.email(), Objects.toString(recipient.name(), ""),
                Objects.toString(recipient.company(), "")));
    }

    /** The page, or empty when the consultation's directory of recipients is incomplete (then read every line). */
    Optional<TrackingQuery.Page> page(String organismId, String consultationId, TrackingQuery query) {
        Instant from = query.fromInstant();
        Instant to = query.toInstant();
        Future<Optional<List<SearchedRecipient>>> directory = Reads.start(
                () -> store.searchedRecipients(organismId, consultationId));
        // Letters whose lines all match, and for the others the keywords their recipients must hold.
        Set<String> wholeLetters = new LinkedHashSet<>();
        Set<List<String>> missing = new HashSet<>();
        for (SearchedLetter letter : store.searchedLetters(organismId, consultationId)) {
            if (!query.types().isEmpty() && !query.types().contains(letter.type())) {
                continue;
            }
            List<String> absent = query.keywords().stream().filter(k -> !letter.text().contains(k)).toList();
            if (absent.isEmpty() && query.recipient() == null) {
                wholeLetters.add(letter.letterId());
            } else {
                missing.add(absent);
            }
        }
        List<Future<List<Line>>> letterLines = wholeLetters.stream()
                .map(letterId -> Reads.start(() -> store.letterLines(letterId, from, to))).toList();
        Map<String, TrackingStore.Line> lines = new HashMap<>();
        Map<String, TrackingRow> rows = new HashMap<>();
        if (!missing.isEmpty()) {
            Optional<List<SearchedRecipient>> recipients = Reads.joined(directory);
            if (recipients.isEmpty()) {
                return Optional.empty();
            }
            String wanted = query.recipient() == null ? null : TrackingQuery.normalize(query.recipient());
            Set<String> addresses = new LinkedHashSet<>();
            for (SearchedRecipient recipient : recipients.get()) {
                if ((wanted == null || recipient.text().contains(wanted))
                        && missing.stream().anyMatch(absent -> absent.stream().allMatch(recipient.text()::contains))) {
                    addresses.add(recipient.recipientKey());
                }
            }
            List<Future<List<TrackingRow>>> toAddresses = addresses.stream().map(address -> Reads.start(
                    () -> store.rowsTo(organismId, consultationId, address, from, to))).toList();
            for (Future<List<TrackingRow>> read : toAddresses) {
                for (TrackingRow row : Reads.joined(read)) {
                    // A whole letter's lines come from its own index; the others only if they match indeed.
                    if (!wholeLetters.contains(row.letterId()) && query.matchesContent(row)) {
                        lines.put(row.deliveryId(), Line.of(row));
                        rows.put(row.deliveryId(), row);
                    }
                }
            }
        }
        for (Future<List<Line>> read : letterLines) {
            Reads.joined(read).forEach(line -> lines.put(line.deliveryId(), line));
        }
        List<Line> merged = new ArrayList<>(lines.values());
        merged.sort(NEWEST_FIRST);
        return Optional.of(query.pageOf(merged, ids -> {
            List<String> unread = ids.stream().filter(id -> !rows.containsKey(id)).toList();
            if (!unread.isEmpty()) {
                store.rows(unread).forEach(row -> rows.put(row.deliveryId(), row));
            }
            return ids.stream().map(rows::get).filter(Objects::nonNull).toList();
        }));
    }
}
