package fr.messagerie.app;

import fr.messagerie.domain.Register;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Parsing of the textual values of requests, with French messages for the values that do not parse. */
final class Inputs {
    private Inputs() {
    }

    /** An ISO-8601 instant, with an offset or in UTC ("2026-12-31T17:00:00+01:00", "2026-12-31T16:00:00Z"). */
    static Optional<Instant> instant(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.trim()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static Optional<Register> register(String code) {
        return Arrays.stream(Register.values()).filter(r -> r.name().equals(code)).findFirst();
    }

    static String registerCodes() {
        return Arrays.stream(Register.values()).map(Register::name).collect(Collectors.joining(", "));
    }

    static String quoted(List<String> values) {
        return values.stream().map(v -> "« " + v + " »").collect(Collectors.joining(", "));
    }
}
