package fr.messagerie.bench;

import fr.messagerie.common.Bounds;
import fr.messagerie.common.Violation;
import fr.messagerie.files.AttachmentRules;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterRules;
import fr.messagerie.letters.LetterState;
import fr.messagerie.letters.LetterText;
import fr.messagerie.letters.LetterType;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.letters.RichText;
import fr.messagerie.letters.SendMode;
import fr.messagerie.proof.ProofData;
import fr.messagerie.proof.ProofPdf;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * The bodies that once made the sanitizer and its text forms backtrack or blow up, each at the largest size accepted:
 * what saving runs (size check, sanitizer, rules) and what each send, tracking row and proof runs (excerpt, keywords
 * text, plain text), in the domain, with no I/O.
 */
final class RichTextBench {
    private static final int BODY = LetterRules.MAX_BODY_BYTES;
    private static final int REPLY = Bounds.MAX_REPLY_BYTES;
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private record Case(String name, boolean reply, Supplier<String> input) {
    }

    private static final List<Case> CASES = List.of(
            new Case("Colour declaration padded with spaces", false,
                    () -> "<span style=\"color: a" + " ".repeat(BODY - 40) + "b\">texte</span>"),
            new Case("Colour spans, each with two declarations", false,
                    () -> "<span style=\"color: red ; color : #1a2b3c\">x</span>".repeat(BODY / 52)),
            new Case("Line breaks between two words", false, () -> "x" + "<br>".repeat(BODY / 4 - 1) + "x"),
            new Case("Unclosed paragraphs", false, () -> "<p>x".repeat(BODY / 8)),
            new Case("Lists at the deepest allowed, 20,000 items", false, () -> "<ul><li>".repeat(15) + "<ul>"
                    + "<li>x</li>".repeat((BODY - 400) / 10) + "</ul>" + "</li></ul>".repeat(15)),
            new Case("Lists nested without end", false, () -> "<ul><li>".repeat(BODY / 8)),
            new Case("Unclosed bold, italic, underline, strike", false, () -> "<b><i><u><s>x".repeat(BODY / 13)),
            new Case("Unclosed links", false, () -> "<a href=\"https://marches.example.fr/a\">x".repeat(BODY / 40)),
            new Case("Ampersands (escaped ×5)", false, () -> "&".repeat(BODY)),
            new Case("\"€\" characters (3 bytes each)", false, () -> "€".repeat(199_990)),
            new Case("Reply: em spaces between two words", true,
                    () -> "x" + "\u2003".repeat(REPLY / 3 - 3) + "x"),
            new Case("Reply: line ends", true, () -> "x" + "\n".repeat(REPLY - 10) + "x"),
            new Case("Reply: \"<\" characters (escaped ×4)", true, () -> "<".repeat(REPLY / 4 - 2)));

    private final int runs;

    RichTextBench(BenchOptions options) {
        this.runs = options.quick() ? 1 : 5;
    }

    void run(Report.Section section) {
        for (Case c : CASES) {
            String input = c.input().get();
            String[] saved = new String[1];
            String[] outcome = new String[1];
            Timing save = time(() -> outcome[0] = c.reply() ? saveReply(input, saved) : saveLetter(input, saved));
            Timing text = saved[0] == null ? null : time(() -> textForms(saved[0]));
            section.row(c.name(), AttachmentRules.size(Bounds.utf8Length(input)), Report.ms(save.wall()),
                    Report.ms(save.cpu()), text == null ? "–" : Report.ms(text.wall()),
                    text == null ? "–" : Report.ms(text.cpu()), outcome[0]);
        }
        // The proof writes both bodies as text, laid out in lines: the letter of line breaks, the em-space reply.
        String letter = RichText.sanitize(CASES.get(2).input().get());
        String reply = RichText.sanitize(RichText.fromPlainText(CASES.get(10).input().get()));
        ProofData data = new ProofData(NOW, new ProofData.ConsultationPart("ADO-2207-2020", "Achat de matériel",
                null, null, "Département des Bouches-du-Rhône", null), "gregory.dupont@atexo.example",
                List.of(new ProofData.Step("Envoi", NOW, "Alice MARTIN"), new ProofData.Step("Réponse", NOW,
                        "gregory.dupont@atexo.example")),
                List.of(new ProofData.Exchange("Message", NOW, "Objet", letter, "0".repeat(64), List.of(), false,
                        null), new ProofData.Exchange("Réponse", NOW, "Réponse", reply, "0".repeat(64), List.of(),
                        false, null)));
        byte[][] pdf = new byte[1][];
        Timing proof = time(() -> pdf[0] = ProofPdf.render(data));
        section.row("Proof of both: the letter of line breaks, the em-space reply", "300 Ko", "–", "–",
                Report.ms(proof.wall()), Report.ms(proof.cpu()), "PDF of " + Report.bytes(pdf[0].length));
    }

    /** Drafts.apply and LetterRules: the size as typed first, then the sanitizer and the rules. */
    private static String saveLetter(String input, String[] saved) {
        saved[0] = null;
        if (Bounds.utf8Length(input) > LetterRules.MAX_BODY_BYTES) {
            return "refused before parsing (body-too-large)";
        }
        String body = RichText.sanitize(input);
        List<Violation> violations = LetterRules.checkDraft(SendMode.ACCESS_LINK, ReplyOptions.NONE, "Objet", body,
                1, NOW);
        if (!violations.isEmpty()) {
            return "refused (" + violations.get(0).code() + ")";
        }
        saved[0] = body;
        return "accepted, " + AttachmentRules.size(Bounds.utf8Length(body)) + " stored";
    }

    /** SendReply: the size as typed, the text as paragraphs, the sanitizer, the size as stored. */
    private static String saveReply(String input, String[] saved) {
        saved[0] = null;
        if (Bounds.utf8Length(input) > Bounds.MAX_REPLY_BYTES) {
            return "refused before parsing (reply-too-long)";
        }
        String body = RichText.sanitize(RichText.fromPlainText(input));
        if (RichText.isBlank(body)) {
            return "refused (reply-body-required)";
        }
        if (Bounds.utf8Length(body) > Bounds.MAX_REPLY_BYTES) {
            return "refused (reply-too-long)";
        }
        saved[0] = body;
        return "accepted, " + AttachmentRules.size(Bounds.utf8Length(body)) + " stored";
    }

    /** Once per letter at send (tracking row's text, email's text part), and in every proof. */
    private static void textForms(String body) {
        Letter letter = new Letter("l", "c", "o", LetterType.COURRIER_LIBRE, SendMode.SIMPLE, ReplyOptions.NONE,
                "Objet", body, List.of(), null, LetterState.SENDING, NOW, NOW, NOW, 1);
        LetterText.of(letter);
        RichText.toPlainText(body);
    }

    private record Timing(double wall, double cpu) {
    }

    /** p50 of the runs after one warm-up; CPU time is the calling thread's, steadier on a shared machine. */
    private Timing time(Runnable work) {
        work.run();
        List<Long> walls = new ArrayList<>();
        List<Long> cpus = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            work.run();
            walls.add(System.nanoTime() - wall);
            cpus.add(THREADS.getCurrentThreadCpuTime() - cpu);
        }
        return new Timing(median(walls), median(cpus));
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get((sorted.size() - 1) / 2) / 1e6;
    }
}
