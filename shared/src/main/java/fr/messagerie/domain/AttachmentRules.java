package fr.messagerie.domain;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Size and count limits of attachments ("Poids des pièces jointes"), and the cleaning of file names. */
public final class AttachmentRules {
    public static final long MEGABYTE = 1024L * 1024L;
    public static final int MAX_FILES = 50;
    /** "Courrier avec AR : 60 Mo (idem entreprise)". */
    public static final long REPLY_LIMIT = 60 * MEGABYTE;
    private static final int MAX_NAME_LENGTH = 180;

    private AttachmentRules() {
    }

    /** "Courrier simple sans AR : 5 Mo", "Courrier avec AR : 60 Mo". */
    public static long limit(SendMode mode) {
        return mode == SendMode.SIMPLE ? 5 * MEGABYTE : 60 * MEGABYTE;
    }

    public static long total(Collection<Attachment> attachments) {
        return attachments.stream().mapToLong(Attachment::size).sum();
    }

    /** Whether {@code adding} more bytes (and one more file when {@code newFile}) fit; the refusal otherwise. */
    public static Optional<Violation> check(long limit, Collection<Attachment> current, long adding, boolean newFile,
                                            String what) {
        if (newFile && current.size() >= MAX_FILES) {
            return Optional.of(new Violation("too-many-attachments", "attachments",
                    "Le nombre de pièces jointes est limité à " + MAX_FILES + " par " + what + "."));
        }
        long total = total(current);
        if (adding < 0 || total + adding > limit) {
            return Optional.of(new Violation("attachments-too-large", "attachments",
                    "La taille totale des pièces jointes est limitée à " + size(limit) + " par " + what
                            + " (déjà jointes : " + size(total) + " ; fichier ajouté : " + size(adding) + ")."));
        }
        return Optional.empty();
    }

    /** Whether the files already attached fit the limit of a send mode (checked at send and when the mode changes). */
    public static Optional<Violation> checkTotal(SendMode mode, Collection<Attachment> attachments) {
        long total = total(attachments);
        if (total <= limit(mode)) {
            return Optional.empty();
        }
        return Optional.of(new Violation("attachments-too-large", "attachments",
                "Les pièces jointes (" + size(total) + ") dépassent la limite de " + size(limit(mode))
                        + (mode == SendMode.SIMPLE
                        ? " d'un courrier électronique simple : retirez-en, ou choisissez l'envoi avec accusé de "
                        + "réception (" + size(limit(SendMode.ACCESS_LINK)) + ")."
                        : " d'un courrier électronique avec accusé de réception : retirez-en.")));
    }

    /** "courrier électronique simple" or "courrier avec accusé de réception", for messages. */
    public static String letterKind(SendMode mode) {
        return mode == SendMode.SIMPLE ? "courrier électronique simple" : "courrier avec accusé de réception";
    }

    /** A file name safe to store and show: no path, no control character, bounded length, extension kept. */
    public static String cleanFileName(String name) {
        String cleaned = name == null ? "" : name;
        cleaned = cleaned.substring(Math.max(cleaned.lastIndexOf('/'), cleaned.lastIndexOf('\\')) + 1);
        cleaned = cleaned.replaceAll("[\\p{Cntrl}\\p{Cf}]", "").replaceAll("\\s+", " ").strip();
        cleaned = cleaned.replaceAll("^[. ]+", "");
        if (cleaned.isEmpty()) {
            return "fichier";
        }
        if (cleaned.length() > MAX_NAME_LENGTH) {
            int dot = cleaned.lastIndexOf('.');
            String extension = dot > 0 && cleaned.length() - dot <= 10 ? cleaned.substring(dot) : "";
            cleaned = cleaned.substring(0, MAX_NAME_LENGTH - extension.length()).strip() + extension;
        }
        return cleaned;
    }

    /** "74,79 Ko", "4,2 Mo": sizes as the seeds show them. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " o";
        }
        if (bytes < MEGABYTE) {
            return String.format(Locale.FRANCE, "%.2f Ko", bytes / 1024.0).replace(",00 ", " ");
        }
        return String.format(Locale.FRANCE, "%.2f Mo", bytes / (double) MEGABYTE).replace(",00 ", " ");
    }
}
