package fr.messagerie.proof;

import fr.messagerie.common.ParisTime;
import fr.messagerie.files.AttachmentRules;
import fr.messagerie.files.Evidence;
import fr.messagerie.letters.RichText;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.GregorianCalendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PDF "Preuve des échanges" of one delivery: consultation, summary of the timestamped steps, detail of the
 * exchanges with the SHA-256 fingerprints of bodies and files. Deterministic: the same data gives the same bytes.
 */
public final class ProofPdf {
    static final String APP_NAME = "Messagerie sécurisée";
    private static final String PRODUCER = "Messagerie sécurisée (Apache PDFBox)";

    private static final DateTimeFormatter TITLE_DATE =
            DateTimeFormatter.ofPattern("dd/MM/yyyy 'à' HH:mm").withZone(ParisTime.ZONE);
    private static final DateTimeFormatter STEP_DATE =
            DateTimeFormatter.ofPattern("dd/MM/yyyy 'à' HH:mm:ss").withZone(ParisTime.ZONE);

    static final byte[] REGULAR = withoutGsub(resource("/fonts/DejaVuSans.ttf"));
    static final byte[] BOLD = withoutGsub(resource("/fonts/DejaVuSans-Bold.ttf"));

    private ProofPdf() {
    }

    /** The PDF bytes of the proof. */
    public static byte[] render(ProofData data) {
        try (PDDocument document = new PDDocument()) {
            PDType0Font regular = PDType0Font.load(document, new ByteArrayInputStream(REGULAR), true);
            PDType0Font bold = PDType0Font.load(document, new ByteArrayInputStream(BOLD), true);
            String title = "Preuve des échanges du " + format(TITLE_DATE, data.generatedAt());
            try (Layout layout = new Layout(document, new Text(regular), new Text(bold))) {
                layout.paragraph(title, layout.bold, 16, 0);
                layout.gap(10);
                consultation(layout, data);
                steps(layout, data.steps());
                exchanges(layout, data.exchanges());
            }
            new Layout.Decorator(document, regular).headersAndFooters();
            describe(document, data, title);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void consultation(Layout layout, ProofData data) throws IOException {
        layout.section("Consultation concernée par cet échange");
        ProofData.ConsultationPart c = data.consultation();
        String[][] rows = {
                {"Référence de la consultation", c == null ? null : c.reference()},
                {"Intitulé de la consultation", c == null ? null : c.title()},
                {"Objet de la consultation", c == null ? null : c.object()},
                {"Date et heure limite de remise des plis",
                        c == null || c.bidDeadline() == null ? null : ParisTime.minute(c.bidDeadline())},
                {"Entité publique", c == null ? null : c.publicEntity()},
                {"Entités d'Achat", c == null ? null : c.purchasingEntity()},
                {"Destinataire", data.recipient()},
        };
        float labels = 0;
        for (String[] row : rows) {
            labels = Math.max(labels, layout.bold.width(row[0], Layout.TABLE_SIZE) + 2 * Layout.PAD + 4);
        }
        float[] widths = {Math.min(labels, Layout.WIDTH / 2), Layout.WIDTH - Math.min(labels, Layout.WIDTH / 2)};
        Text[] fonts = {layout.bold, layout.regular};
        for (String[] row : rows) {
            layout.row(widths, row, fonts, false);
        }
        layout.gap(14);
    }

    private static void steps(Layout layout, List<ProofData.Step> steps) throws IOException {
        layout.section("Résumé des échanges");
        float[] widths = {200, 125, Layout.WIDTH - 325};
        String[] header = {"Étape", "Date", "Auteur"};
        Text[] headerFonts = {layout.bold, layout.bold, layout.bold};
        Text[] fonts = {layout.regular, layout.regular, layout.regular};
        layout.row(widths, header, headerFonts, true);
        layout.onNewPage(() -> layout.row(widths, header, headerFonts, true));
        for (ProofData.Step step : nonNull(steps)) {
            layout.row(widths, new String[] {step.label(), format(STEP_DATE, step.at()), step.author()}, fonts, false);
        }
        layout.onNewPage(null);
        layout.gap(14);
    }

    private static void exchanges(Layout layout, List<ProofData.Exchange> exchanges) throws IOException {
        layout.section("Détail des échanges");
        boolean first = true;
        for (ProofData.Exchange exchange : nonNull(exchanges)) {
            if (!first) {
                layout.gap(6);
                layout.rule();
                layout.gap(8);
            }
            first = false;
            layout.keep(60);
            layout.paragraph(text(exchange.kind()) + " — envoyé le " + format(STEP_DATE, exchange.at()),
                    layout.bold, 11, 0);
            if (exchange.title() != null && !exchange.title().isBlank()) {
                layout.paragraph(exchange.title(), layout.bold, 10, 0);
            }
            layout.gap(4);
            if (exchange.sealed()) {
                layout.paragraph(exchange.sealedNotice(), layout.regular, 10, 0);
                continue;
            }
            if (exchange.bodyHtml() != null) {
                layout.paragraph(RichText.toPlainText(exchange.bodyHtml()), layout.regular, 10, 0);
            }
            if (exchange.bodySha256() != null) {
                layout.gap(4);
                layout.paragraph("Empreinte SHA-256 du corps : " + exchange.bodySha256(), layout.regular, 8.5f, 0);
            }
            List<Evidence.FileFingerprint> files = nonNull(exchange.files());
            if (!files.isEmpty()) {
                layout.gap(6);
                layout.keep(40);
                layout.paragraph("Fichiers joints", layout.bold, 10, 0);
                for (Evidence.FileFingerprint file : files) {
                    layout.keep(25);
                    layout.paragraph("• " + text(file.fileName()) + " (" + AttachmentRules.size(file.size()) + ")",
                            layout.regular, 9.5f, 8);
                    layout.paragraph("SHA-256 : " + text(file.sha256()), layout.regular, 8.5f, 18);
                }
            }
        }
    }

    /** Title, dates and a document /ID derived from the data, so that two renders give the same bytes. */
    private static void describe(PDDocument document, ProofData data, String title) {
        PDDocumentInformation info = document.getDocumentInformation();
        info.setTitle(title);
        info.setCreator(APP_NAME);
        info.setProducer(PRODUCER);
        if (data.generatedAt() != null) {
            GregorianCalendar at = GregorianCalendar.from(data.generatedAt().atZone(ParisTime.ZONE));
            info.setCreationDate(at);
            info.setModificationDate(at);
        }
        document.getDocumentCatalog().setLanguage("fr-FR");
        // COSWriter only invents an /ID (from the clock) when the trailer has none.
        byte[] id = Arrays.copyOf(sha256("proof-pdf/v1\n" + data), 16);
        COSArray ids = new COSArray();
        ids.add(new COSString(id));
        ids.add(new COSString(id));
        document.getDocument().getTrailer().setItem(COSName.ID, ids);
    }

    private static String format(DateTimeFormatter formatter, Instant instant) {
        return instant == null ? "" : formatter.format(instant);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The font with its GSUB table hidden (tag renamed in the table directory). PDFBox 3 otherwise applies the
     * Latin substitutions (ligatures…) in every showText, compiling regular expressions each time: half of the
     * rendering time, and glyphs that are no longer one per character as measured. The embedded subset never
     * contains GSUB anyway.
     */
    static byte[] withoutGsub(byte[] font) {
        ByteBuffer buffer = ByteBuffer.wrap(font);
        int tables = buffer.getShort(4) & 0xFFFF;
        for (int i = 0; i < tables; i++) {
            int tag = 12 + 16 * i;
            if (buffer.getInt(tag) == 0x47535542) { // "GSUB"
                buffer.put(tag, (byte) 'x');
            }
        }
        return font;
    }

    private static byte[] resource(String name) {
        try (InputStream in = ProofPdf.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing font on the classpath: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A font with what the layout needs: characters it can show, and widths. */
    static final class Text {
        final PDType0Font font;
        private final Map<Integer, Float> widths = new HashMap<>();
        private final Map<Integer, Boolean> glyphs = new HashMap<>();

        Text(PDType0Font font) {
            this.font = font;
        }

        /** The text with every character the font cannot show replaced by '?' (invisible ones dropped). */
        String clean(String value) {
            StringBuilder out = new StringBuilder(value.length());
            value.codePoints().forEach(cp -> {
                if (cp == '\r') {
                    return;
                }
                if (cp == '\t') {
                    out.append("    ");
                } else if (cp != '\n' && Character.isISOControl(cp)) {
                    out.append('?');
                } else if (cp == '\n' || cp == ' ' || hasGlyph(cp)) {
                    out.appendCodePoint(cp);
                } else if (Character.getType(cp) != Character.FORMAT) {
                    out.append('?');
                }
            });
            return out.toString();
        }

        private boolean hasGlyph(int cp) {
            return glyphs.computeIfAbsent(cp, c -> font.getCmapLookup().getGlyphId(c) != 0);
        }

        /** Width in points of a cleaned text. */
        float width(String value, float size) {
            float total = 0;
            for (int i = 0; i < value.length(); ) {
                int cp = value.codePointAt(i);
                total += widths.computeIfAbsent(cp, this::glyphWidth);
                i += Character.charCount(cp);
            }
            return total * size / 1000f;
        }

        private float glyphWidth(int cp) {
            try {
                return font.getStringWidth(new String(Character.toChars(cp)));
            } catch (IOException | IllegalArgumentException e) {
                return font.getAverageFontWidth();
            }
        }
    }

    /** A tiny flowing layout: a cursor going down the page, a new page when the next line does not fit. */
    static final class Layout implements AutoCloseable {
        static final PDRectangle PAGE = PDRectangle.A4;
        static final float MARGIN = 50;
        static final float WIDTH = PAGE.getWidth() - 2 * MARGIN;
        static final float TOP = PAGE.getHeight() - 72;
        static final float BOTTOM = 62;
        private static final float LEADING = 1.35f;
        static final float PAD = 3;
        static final float TABLE_SIZE = 9.5f;
        private static final Pattern LIST_MARKER = Pattern.compile("^( *)(- |\\d+\\. )?");

        final Text regular;
        final Text bold;
        private final PDDocument document;
        private PDPageContentStream stream;
        private float y;
        private Action onNewPage;

        Layout(PDDocument document, Text regular, Text bold) throws IOException {
            this.document = document;
            this.regular = regular;
            this.bold = bold;
            newPage();
        }

        /** What to draw at the top of each new page (a repeated table header), or null. */
        void onNewPage(Action action) {
            this.onNewPage = action;
        }

        void gap(float height) {
            y -= height;
        }

        /** Starts a new page unless {@code height} points are left, so that a heading stays with what follows. */
        void keep(float height) throws IOException {
            ensure(height);
        }

        void section(String title) throws IOException {
            keep(80);
            paragraph(title, bold, 12.5f, 0);
            gap(2);
            rule();
            gap(6);
        }

        void rule() throws IOException {
            stream.setLineWidth(0.5f);
            stream.setStrokingColor(0.6f);
            stream.moveTo(MARGIN, y);
            stream.lineTo(MARGIN + WIDTH, y);
            stream.stroke();
        }

        /** Text wrapped to the width; new lines kept; list items get a hanging indent. */
        void paragraph(String value, Text text, float size, float indent) throws IOException {
            float leading = size * LEADING;
            for (Line line : wrap(text(value), text, size, WIDTH - indent)) {
                ensure(leading);
                show(line.text, text, size, MARGIN + indent + line.indent, y - size);
                y -= leading;
            }
        }

        /** A table row: cells wrapped in their columns; a row is split over pages only when taller than a page. */
        void row(float[] widths, String[] cells, Text[] fonts, boolean shaded) throws IOException {
            float size = TABLE_SIZE;
            float leading = size * LEADING;
            List<List<Line>> lines = new ArrayList<>();
            int count = 1;
            for (int i = 0; i < cells.length; i++) {
                List<Line> cell = wrap(text(cells[i]), fonts[i], size, widths[i] - 2 * PAD);
                lines.add(cell);
                count = Math.max(count, cell.size());
            }
            float height = count * leading + 2 * PAD;
            ensure(Math.min(height, TOP - BOTTOM));
            if (shaded && y - height >= BOTTOM) {
                stream.setNonStrokingColor(0.92f);
                stream.addRect(MARGIN, y - height, WIDTH, height);
                stream.fill();
                stream.setNonStrokingColor(0f);
            }
            y -= PAD;
            for (int k = 0; k < count; k++) {
                ensure(leading);
                float x = MARGIN;
                for (int i = 0; i < cells.length; i++) {
                    if (k < lines.get(i).size()) {
                        Line line = lines.get(i).get(k);
                        show(line.text, fonts[i], size, x + PAD + line.indent, y - size);
                    }
                    x += widths[i];
                }
                y -= leading;
            }
            y -= PAD;
            rule();
        }

        private void ensure(float height) throws IOException {
            if (y - height < BOTTOM) {
                newPage();
                if (onNewPage != null) {
                    Action action = onNewPage;
                    onNewPage = null;
                    action.run();
                    onNewPage = action;
                }
            }
        }

        private void newPage() throws IOException {
            if (stream != null) {
                stream.close();
            }
            PDPage page = new PDPage(PAGE);
            document.addPage(page);
            stream = new PDPageContentStream(document, page);
            y = TOP;
        }

        private void show(String value, Text text, float size, float x, float baseline) throws IOException {
            if (value.isEmpty()) {
                return;
            }
            stream.beginText();
            stream.setFont(text.font, size);
            stream.newLineAtOffset(x, baseline);
            stream.showText(value);
            stream.endText();
        }

        private static String text(String value) {
            return value == null ? "" : value;
        }

        /** Lines of at most {@code width} points: word wrap, words longer than a line (URLs, hashes) broken. */
        static List<Line> wrap(String value, Text text, float size, float width) {
            List<Line> lines = new ArrayList<>();
            for (String source : text.clean(value).split("\n", -1)) {
                Matcher marker = LIST_MARKER.matcher(source);
                marker.find();
                float indent = text.width(marker.group(1), size);
                float hanging = Math.min(indent + text.width(marker.group(0).substring(marker.group(1).length()),
                        size), width / 2);
                indent = Math.min(indent, width / 2);
                String rest = source.substring(marker.group(1).length());
                StringBuilder line = new StringBuilder();
                float lineIndent = indent;
                for (String word : rest.split(" ")) {
                    String candidate = line.isEmpty() ? word : line + " " + word;
                    if (text.width(candidate, size) <= width - lineIndent) {
                        line.setLength(0);
                        line.append(candidate);
                        continue;
                    }
                    if (!line.isEmpty()) {
                        lines.add(new Line(line.toString(), lineIndent));
                        line.setLength(0);
                        lineIndent = hanging;
                    }
                    String remaining = word;
                    while (text.width(remaining, size) > width - lineIndent) {
                        int cut = fitting(remaining, text, size, width - lineIndent);
                        lines.add(new Line(remaining.substring(0, cut), lineIndent));
                        remaining = remaining.substring(cut);
                        lineIndent = hanging;
                    }
                    line.append(remaining);
                }
                lines.add(new Line(line.toString(), lineIndent));
            }
            return lines;
        }

        /** The length of the longest prefix that fits, at least one character. */
        private static int fitting(String word, Text text, float size, float width) {
            int end = word.offsetByCodePoints(0, 1);
            while (end < word.length()) {
                int next = word.offsetByCodePoints(end, 1);
                if (text.width(word.substring(0, next), size) > width) {
                    break;
                }
                end = next;
            }
            return end;
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }

        record Line(String text, float indent) {
        }

        interface Action {
            void run() throws IOException;
        }

        /** Header "Messagerie sécurisée" and footer "Page N / M" on every page, once the page count is known. */
        record Decorator(PDDocument document, PDType0Font font) {
            void headersAndFooters() throws IOException {
                int count = document.getNumberOfPages();
                Text text = new Text(font);
                for (int i = 0; i < count; i++) {
                    PDPage page = document.getPage(i);
                    try (PDPageContentStream stream = new PDPageContentStream(document, page,
                            PDPageContentStream.AppendMode.APPEND, true, true)) {
                        float top = PAGE.getHeight() - 40;
                        stream.setNonStrokingColor(0.35f);
                        write(stream, APP_NAME, MARGIN, top);
                        String number = "Page " + (i + 1) + " / " + count;
                        write(stream, number, MARGIN + WIDTH - text.width(number, 8), 32);
                        stream.setLineWidth(0.5f);
                        stream.setStrokingColor(0.6f);
                        stream.moveTo(MARGIN, top - 6);
                        stream.lineTo(MARGIN + WIDTH, top - 6);
                        stream.moveTo(MARGIN, 44);
                        stream.lineTo(MARGIN + WIDTH, 44);
                        stream.stroke();
                    }
                }
            }

            private void write(PDPageContentStream stream, String value, float x, float y) throws IOException {
                stream.beginText();
                stream.setFont(font, 8);
                stream.newLineAtOffset(x, y);
                stream.showText(value);
                stream.endText();
            }
        }
    }
}
