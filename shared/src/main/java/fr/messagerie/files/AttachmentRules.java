package fr.messagerie.files;

import fr.messagerie.common.Violation;
import fr.messagerie.letters.SendMode;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Size and count limits of attachments ("Poids des pièces jointes"), the file types an email cannot carry, and the
 * cleaning of file names.
 */
public final class AttachmentRules {
    public static final long MEGABYTE = 1024L * 1024L;
    public static final int MAX_FILES = 50;
    /** "Courrier avec AR : 60 Mo (idem entreprise)". */
    public static final long REPLY_LIMIT = 60 * MEGABYTE;
    private static final int MAX_NAME_LENGTH = 180;
    /**
     * The extensions SES refuses in an email, as its developer guide lists them ("Amazon SES unsupported attachment
     * types", https://docs.aws.amazon.com/ses/latest/dg/mime-types.html). No archive format is among them: .zip,
     * .7z, .rar, .tar and .gz are accepted.
     */
    static final Set<String> REFUSED_IN_EMAIL = Set.of(
            "ade", "adp", "app", "asp", "bas", "bat", "cer", "chm", "cmd", "com", "cpl", "crt", "csh", "der", "exe",
            "fxp", "gadget", "hlp", "hta", "inf", "ins", "isp", "its", "js", "jse", "ksh", "lib", "lnk", "mad", "maf",
            "mag", "mam", "maq", "mar", "mas", "mat", "mau", "mav", "maw", "mda", "mdb", "mde", "mdt", "mdw", "mdz",
            "msc", "msh", "msh1", "msh2", "mshxml", "msh1xml", "msh2xml", "msi", "msp", "mst", "ops", "pcd", "pif",
            "plg", "prf", "prg", "reg", "scf", "scr", "sct", "shb", "shs", "sys", "ps1", "ps1xml", "ps2", "ps2xml",
            "psc1", "psc2", "tmp", "url", "vb", "vbe", "vbs", "vps", "vsmacros", "vss", "vst", "vsw", "vxd", "ws",
            "wsc", "wsf", "wsh", "xnk");

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
        if (adding < 0 || adding > limit - total) {
            return Optional.of(new Violation("attachments-too-large", "attachments",
                    "La taille totale des pièces jointes est limitée à " + size(limit) + " par " + what
                            + " (déjà jointes : " + size(total) + " ; fichier ajouté : " + size(adding) + ")."));
        }
        return Optional.empty();
    }

    /** The refusal when the room was taken by a parallel request and the figures no longer tell which limit. */
    public static Violation noRoomLeft(long limit, String what) {
        return new Violation("attachments-too-large", "attachments", "Les pièces jointes ont atteint la limite de "
                + size(limit) + " ou de " + MAX_FILES + " fichiers par " + what + " : retirez-en avant d'en ajouter.");
    }

    /** Whether the files already joined are no more than {@link #MAX_FILES} (checked at send and at reply). */
    public static Optional<Violation> checkCount(Collection<Attachment> attachments, String what) {
        if (attachments.size() <= MAX_FILES) {
            return Optional.empty();
        }
        return Optional.of(new Violation("too-many-attachments", "attachments",
                "Le nombre de pièces jointes est limité à " + MAX_FILES + " par " + what + " (" + attachments.size()
                        + " jointes) : retirez-en."));
    }

    /** The files of a reply, checked again when it is sent: {@link #MAX_FILES} at most, {@link #REPLY_LIMIT} in all. */
    public static List<Violation> checkReplyFiles(Collection<Attachment> files) {
        List<Violation> violations = new java.util.ArrayList<>();
        checkCount(files, "réponse").ifPresent(violations::add);
        long total = total(files);
        if (total > REPLY_LIMIT) {
            violations.add(new Violation("attachments-too-large", "attachments", "Les pièces jointes de la réponse ("
                    + size(total) + ") dépassent la limite de " + size(REPLY_LIMIT) + " : retirez-en."));
        }
        return violations;
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

    /**
     * The extension (".exe", lowercase) that keeps a file out of an email, if any. Only the last extension counts,
     * whatever its case, as for SES and the recipient's system: "facture.pdf.exe" is refused, "notice.exe.pdf" is a
     * PDF. Trailing dots and spaces are ignored, as Windows ignores them ("programme.exe." opens as a program).
     */
    public static Optional<String> refusedInEmail(String fileName) {
        String name = fileName == null ? "" : fileName.replaceAll("[. ]+$", "");
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String extension = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return REFUSED_IN_EMAIL.contains(extension) ? Optional.of("." + extension) : Optional.empty();
    }

    /**
     * Whether a file may join a letter of this send mode: a simple email carries its files, so SES's refused types
     * cannot join it; with the access link the files are downloaded from the site and every type is allowed.
     */
    public static Optional<Violation> checkType(SendMode mode, String fileName) {
        return refusal(mode, fileName, "choisissez l'envoi avec accusé de réception, ou joignez-le dans une archive "
                + ".zip.");
    }

    /** The files already attached that a simple email cannot carry (checked at send and when the mode changes). */
    public static List<Violation> checkTypes(SendMode mode, Collection<Attachment> attachments) {
        return attachments.stream()
                .flatMap(a -> refusal(mode, a.fileName(), "retirez-le ou joignez-le dans une archive .zip, ou "
                        + "choisissez l'envoi avec accusé de réception.").stream())
                .toList();
    }

    private static Optional<Violation> refusal(SendMode mode, String fileName, String advice) {
        if (mode != SendMode.SIMPLE) {
            return Optional.empty();
        }
        return refusedInEmail(fileName).map(extension -> new Violation("attachment-type-refused", "attachments",
                "Le type de fichier « " + extension + " » (" + fileName + ") ne peut pas être envoyé en pièce jointe "
                        + "d'un " + letterKind(SendMode.SIMPLE) + " : " + advice));
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
