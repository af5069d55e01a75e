package fr.messagerie.common;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Parsing of the textual values of requests, with French messages for the values that do not parse. */
public final class Inputs {
    private Inputs() {
    }

    /** Values quoted in a message: the first few, each cut short, so that a refusal never echoes a whole request. */
    private static final int QUOTED_VALUES = 10;
    private static final int SHOWN_LENGTH = 80;

    /**
     * An ISO-8601 instant, with an offset or in UTC ("2026-12-31T17:00:00+01:00", "2026-12-31T16:00:00Z"), in the
     * years the API accepts; empty otherwise.
     */
    public static Optional<Instant> instant(String text) {
        if (text == null || text.isBlank() || text.length() > 64) {
            return Optional.empty();
        }
        try {
            Instant instant = OffsetDateTime.parse(text.trim()).toInstant();
            return Bounds.isAcceptedDate(instant) ? Optional.of(instant) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public static String quoted(List<String> values) {
        String quoted = values.stream().limit(QUOTED_VALUES).map(v -> "« " + shown(v) + " »")
                .collect(Collectors.joining(", "));
        return values.size() <= QUOTED_VALUES ? quoted
                : quoted + " et " + (values.size() - QUOTED_VALUES) + " autre(s)";
    }

    /** A value as a message shows it: at most {@value #SHOWN_LENGTH} characters. */
    public static String shown(String value) {
        return value == null || value.length() <= SHOWN_LENGTH ? value : value.substring(0, SHOWN_LENGTH - 1) + "…";
    }
}
