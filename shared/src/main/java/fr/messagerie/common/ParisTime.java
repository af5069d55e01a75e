package fr.messagerie.common;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Timestamps are UTC in storage and Europe/Paris in every text a person reads. */
public final class ParisTime {
    public static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("dd/MM/yyyy - HH:mm:ss").withZone(ZONE);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").withZone(ZONE);
    private static final DateTimeFormatter DEADLINE = DateTimeFormatter.ofPattern("dd/MM/yyyy - HH:mm").withZone(ZONE);

    private ParisTime() {
    }

    /** "22/07/2020 - 11:34:12", the format of events. */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** "31/01/2021 - 17:00", the format of reply deadlines in the exchanges. */
    public static String deadline(Instant instant) {
        return DEADLINE.format(instant);
    }

    /** "31/07/2020 17:30", the format of deadlines. */
    public static String minute(Instant instant) {
        return MINUTE.format(instant);
    }
}
