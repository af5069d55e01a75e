package fr.messagerie.tracking;

import fr.messagerie.common.Bounds;
import fr.messagerie.common.Inputs;
import fr.messagerie.common.ParisTime;
import fr.messagerie.common.ProblemException;
import fr.messagerie.common.Violation;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.letters.LetterType;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The filters of the tracking list ("Statut", "Mots clés", "Type de message", "Destinataires", "Dates d'envoi",
 * favourites), its page size and cursor; and the pure filtering, counting and paging of a consultation's lines.
 */
public record TrackingQuery(Set<DeliveryStatus> statuses, boolean favoritesOnly, List<String> keywords,
                            Set<LetterType> types, String recipient, LocalDate from, LocalDate to, int pageSize,
                            String cursor) {
    public static final List<Integer> PAGE_SIZES = List.of(10, 20, 50, 100);
    /** Each keyword is looked for in every row read: their number and length are bounded. */
    public static final int MAX_KEYWORDS = 10;
    public static final int MAX_KEYWORDS_LENGTH = 200;

    /** One page, with the total of the lines matching every filter and the counts per status. */
    public record Page(List<TrackingRow> rows, int total, Map<DeliveryStatus, Integer> countsByStatus, int favorites,
                       int pageSize, String nextCursor) {
    }

    /** Reads the query string; every value that does not parse is refused with a French message. */
    public static TrackingQuery parse(Map<String, String> query) {
        List<Violation> violations = new ArrayList<>();
        Set<DeliveryStatus> statuses = EnumSet.noneOf(DeliveryStatus.class);
        for (String value : list(query.get("status"))) {
            try {
                DeliveryStatus status = DeliveryStatus.valueOf(value);
                if (status == DeliveryStatus.DRAFT) {
                    throw new IllegalArgumentException();
                }
                statuses.add(status);
            } catch (IllegalArgumentException e) {
                violations.add(new Violation("invalid-status-filter", "status", "Statut inconnu : « " + value
                        + " ». Valeurs possibles : " + Arrays.stream(DeliveryStatus.values())
                        .filter(s -> s != DeliveryStatus.DRAFT).map(s -> s.name() + " (" + s.label() + ")")
                        .reduce((a, b) -> a + ", " + b).orElse("") + "."));
            }
        }
        Set<LetterType> types = EnumSet.noneOf(LetterType.class);
        for (String value : list(query.get("type"))) {
            LetterType.parse(value).ifPresentOrElse(types::add, () -> violations.add(new Violation(
                    "invalid-type-filter", "type", "Type de courrier inconnu : « " + value + " ».")));
        }
        String favorite = query.get("favorite");
        if (favorite != null && !favorite.equals("true") && !favorite.equals("false")) {
            violations.add(new Violation("invalid-favorite-filter", "favorite",
                    "Le filtre des favoris vaut true ou false."));
        }
        LocalDate from = date(query.get("from"), "from", violations);
        LocalDate to = date(query.get("to"), "to", violations);
        if (from != null && to != null && from.isAfter(to)) {
            violations.add(new Violation("invalid-date-range", "from",
                    "La date de début de la période d'envoi est postérieure à sa date de fin."));
        }
        int pageSize = 10;
        String limit = query.get("limit");
        if (limit != null) {
            try {
                pageSize = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                pageSize = -1;
            }
            if (!PAGE_SIZES.contains(pageSize)) {
                violations.add(new Violation("invalid-page-size", "limit",
                        "Nombre de résultats par page possible : 10, 20, 50 ou 100."));
            }
        }
        String keywords = query.get("q");
        List<String> words = keywords == null || keywords.length() > MAX_KEYWORDS_LENGTH ? List.of()
                : Arrays.stream(normalize(keywords).split("\\s+")).filter(k -> !k.isEmpty()).toList();
        if (keywords != null && (keywords.length() > MAX_KEYWORDS_LENGTH || words.size() > MAX_KEYWORDS)) {
            violations.add(new Violation("invalid-keywords-filter", "q", "La recherche par mots clés admet "
                    + MAX_KEYWORDS + " mots et " + MAX_KEYWORDS_LENGTH + " caractères au plus."));
        }
        String recipient = blankToNull(query.get("recipient"));
        if (recipient != null && recipient.length() > 254) {
            violations.add(new Violation("invalid-recipient-filter", "recipient", "Le filtre sur les destinataires "
                    + "admet 254 caractères au plus (la longueur d'une adresse électronique)."));
        }
        String cursor = query.get("cursor");
        if (cursor != null && position(cursor) == null) {
            violations.add(new Violation("invalid-cursor", "cursor",
                    "Le curseur de pagination est invalide : repartez de la première page."));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.badRequest(violations);
        }
        return new TrackingQuery(statuses, "true".equals(favorite), words, types, recipient, from, to, pageSize,
                cursor);
    }

    /** First instant of {@code from}, in Paris. */
    public Instant fromInstant() {
        return from == null ? null : from.atStartOfDay(ParisTime.ZONE).toInstant();
    }

    /** First instant after {@code to}, in Paris. */
    public Instant toInstant() {
        return to == null ? null : to.plusDays(1).atStartOfDay(ParisTime.ZONE).toInstant();
    }

    /**
     * Filters on content (type, recipient, keywords) are answered from the consultation's letters and recipients
     * first ({@link ContentSearch}), or by reading every line; the others are answered by the index.
     */
    public boolean needsFullRead() {
        return !types.isEmpty() || recipient != null || !keywords.isEmpty();
    }

    /** Where the previous page ended, or null for the first page. */
    public TrackingStore.Position after() {
        return cursor == null ? null : position(cursor);
    }

    /** The position a cursor names, or null when it names none a page could have ended on. */
    private static TrackingStore.Position position(String cursor) {
        String position = decode(cursor);
        if (position == null) {
            return null;
        }
        String[] parts = position.split("#");
        long seconds = Long.parseLong(parts[0].substring(0, 19));
        long nanos = Long.parseLong(parts[0].substring(19));
        if (seconds > Instant.MAX.getEpochSecond() || nanos > 999_999_999) {
            return null;
        }
        Instant sentAt = Instant.ofEpochSecond(seconds, nanos);
        return Bounds.isAcceptedDate(sentAt) ? new TrackingStore.Position(sentAt, parts[1]) : null;
    }

    /**
     * A page from the index: {@code rows} are the lines after the cursor with the status and favourite filters
     * applied, one more than the page size when there is a next page; totals come from the counts.
     */
    public Page page(List<TrackingRow> rows, TrackingStore.Counts counts) {
        Map<DeliveryStatus, Integer> source = favoritesOnly ? counts.favoritesByStatus() : counts.byStatus();
        int total = source.entrySet().stream().filter(e -> statuses.isEmpty() || statuses.contains(e.getKey()))
                .mapToInt(Map.Entry::getValue).sum();
        int favorites = counts.favoritesByStatus().values().stream().mapToInt(Integer::intValue).sum();
        List<TrackingRow> page = rows.subList(0, Math.min(rows.size(), pageSize));
        String next = rows.size() > pageSize ? encode(position(page.get(page.size() - 1))) : null;
        return new Page(List.copyOf(page), total, counts.byStatus().isEmpty() ? new EnumMap<>(DeliveryStatus.class) : new EnumMap<>(counts.byStatus()), favorites, pageSize, next);
    }

    /** Filters, counts and pages lines given newest first. */
    public Page apply(List<TrackingRow> rows) {
        Map<String, TrackingRow> matching = new LinkedHashMap<>();
        for (TrackingRow row : rows) {
            if (matchesContent(row)) {
                matching.put(row.deliveryId(), row);
            }
        }
        return pageOf(matching.values().stream().map(TrackingStore.Line::of).toList(),
                ids -> ids.stream().map(matching::get).toList());
    }

    /**
     * Counts and pages lines known to match the content filters, given newest first, as {@link #apply} does;
     * {@code rowsOf} reads the page's rows only.
     */
    Page pageOf(List<TrackingStore.Line> lines, Function<List<String>, List<TrackingRow>> rowsOf) {
        Map<DeliveryStatus, Integer> counts = new EnumMap<>(DeliveryStatus.class);
        int favorites = 0;
        List<TrackingStore.Line> matching = new ArrayList<>();
        for (TrackingStore.Line line : lines) {
            counts.merge(line.status(), 1, Integer::sum);
            favorites += line.favorite() ? 1 : 0;
            if ((statuses.isEmpty() || statuses.contains(line.status())) && (!favoritesOnly || line.favorite())) {
                matching.add(line);
            }
        }
        int start = 0;
        if (cursor != null) {
            String after = decode(cursor);
            while (start < matching.size() && position(matching.get(start)).compareTo(after) >= 0) {
                start++;
            }
        }
        List<TrackingStore.Line> page = matching.subList(start, Math.min(matching.size(), start + pageSize));
        String next = start + pageSize < matching.size() ? encode(position(page.get(page.size() - 1))) : null;
        List<TrackingRow> rows = page.isEmpty() ? List.of()
                : rowsOf.apply(page.stream().map(TrackingStore.Line::deliveryId).toList());
        return new Page(List.copyOf(rows), matching.size(), counts, favorites, pageSize, next);
    }

    boolean matchesContent(TrackingRow row) {
        if (!types.isEmpty() && !types.contains(row.letterType())) {
            return false;
        }
        if (recipient != null) {
            String wanted = normalize(recipient);
            boolean found = normalize(row.recipient().email()).contains(wanted)
                    || (row.recipient().name() != null && normalize(row.recipient().name()).contains(wanted))
                    || (row.recipient().company() != null && normalize(row.recipient().company()).contains(wanted));
            if (!found) {
                return false;
            }
        }
        if (!keywords.isEmpty()) {
            String text = normalize(row.search());
            return keywords.stream().allMatch(text::contains);
        }
        return true;
    }

    /** Newest first, ties broken by id: the same order as the index. */
    private static String position(TrackingRow row) {
        return position(row.sentAt(), row.deliveryId());
    }

    private static String position(TrackingStore.Line line) {
        return position(line.sentAt(), line.deliveryId());
    }

    /** Sorts as the indexes do (sentAt#deliveryId). */
    private static String position(Instant sentAt, String deliveryId) {
        return String.format("%019d%09d#%s", sentAt.getEpochSecond(), sentAt.getNano(), deliveryId);
    }

    private static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        if (cursor.length() > 200) {
            return null;
        }
        try {
            String position = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            // 19 digits of seconds (which always fit a long), 9 of nanoseconds, a delivery id.
            return position.matches("[0-8]\\d{27}#[0-9a-f]{1,64}") ? position : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static LocalDate date(String value, String field, List<Violation> violations) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value.trim());
            if (Bounds.isAcceptedDate(date)) {
                return date;
            }
        } catch (DateTimeParseException e) {
            // Refused below, as a date out of range.
        }
        violations.add(new Violation("invalid-date-filter", field, "Date d'envoi illisible : « " + Inputs.shown(value)
                + " ». Format attendu : AAAA-MM-JJ, par exemple 2026-11-22, " + Bounds.acceptedYears() + "."));
        return null;
    }

    /** Lowercase without accents: "Réponse" matches "reponse". */
    static String normalize(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }

    private static List<String> list(String value) {
        return value == null || value.isBlank() ? List.of()
                : Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
