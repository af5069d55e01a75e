package fr.messagerie.letters;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bodies of letters and replies: the formatting the editor offers (bold, italic, underline, strike, text colour,
 * lists, paragraphs, line breaks, links) and nothing else.
 * <p>
 * Every step is linear in the size of the body (no regular expression that can backtrack over it), and the text forms
 * (plain text, excerpt, blank test) parse the body once without sanitizing it again: bodies are sanitized once, when
 * saved. Callers bound the size before calling ({@link LetterRules}, {@link Bounds}).
 */
public final class RichText {

    private static final Safelist SAFELIST = new Safelist()
            .addTags("p", "br", "strong", "b", "em", "i", "u", "s", "strike", "del", "span", "ul", "ol", "li", "a")
            .addAttributes("a", "href")
            .addAttributes("span", "style")
            .addProtocols("a", "href", "https", "mailto")
            .addEnforcedAttribute("a", "rel", "noopener noreferrer");

    /** Containers whose content is code, hidden or foreign markup: dropped with everything inside. */
    private static final String DANGEROUS_CONTAINERS = String.join(",",
            "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
            "template", "noscript", "noembed", "noframes", "textarea", "select", "option", "optgroup", "datalist",
            "xmp", "plaintext", "title", "head", "audio", "video", "canvas", "param", "source", "track");

    private static final Set<String> NAMED_COLOURS = Set.of(
            "black", "white", "gray", "grey", "silver", "red", "maroon", "orange", "yellow", "olive", "lime",
            "green", "teal", "aqua", "blue", "navy", "fuchsia", "purple");

    private static final Pattern HEX_COLOUR = Pattern.compile("#(?:[0-9a-f]{3}|[0-9a-f]{6})");
    private static final Pattern RGB_COLOUR =
            Pattern.compile("rgb\\(\\s*(\\d{1,3})\\s*,\\s*(\\d{1,3})\\s*,\\s*(\\d{1,3})\\s*\\)");
    /** Longer than any colour value the editor writes ("rgb(255, 255, 255)"): not parsed further. */
    private static final int MAX_COLOUR_LENGTH = 40;
    /** Protocol checked by the safelist; also require a host, which rejects oddities like "https:javascript:…". */
    private static final Pattern SAFE_HREF =
            Pattern.compile("(?i)(?:https://[^\\s/?#@:]+(?::\\d+)?(?:[/?#]\\S*)?|mailto:\\S+)");
    private static final Pattern INVISIBLE = Pattern.compile("[\\s\\h\\u200B\\u200C\\u200D\\u2060\\uFEFF]+");
    /**
     * Elements deeper than this become siblings at this depth as the parser reads them (jsoup's own guard is 512):
     * twice what the rules accept, so that a refused body is refused cheaply and an accepted one is left intact.
     */
    private static final int MAX_PARSED_DEPTH = 2 * LetterRules.MAX_BODY_DEPTH;

    private RichText() {
    }

    /** The server-side sanitizer of letter and reply bodies; returns the body HTML fragment, "" for null. */
    public static String sanitize(String html) {
        if (html == null || html.isEmpty()) {
            return "";
        }
        // Unwrapping can leave a tree the HTML parser would build differently (a <p> inside a <p>), so clean
        // until the output parses back to itself: the stored body then reads the same wherever it is parsed.
        Document clean = cleanOnce(withoutControlCharacters(html));
        String current = html(clean);
        if (deepest(clean.body()) >= MAX_PARSED_DEPTH) {
            // A tree the parser had to flatten never reads back the same, and is far too deep to be kept anyway.
            return current;
        }
        for (int i = 0; i < 4 && !parsesBackToItself(current); i++) {
            current = html(cleanOnce(current));
        }
        return current;
    }

    /** Readable text, for the text/plain alternative of emails. */
    public static String toPlainText(String html) {
        PlainTextWriter writer = new PlainTextWriter();
        writer.children(textTree(html).body());
        return withoutTrailingSpaces(writer.out);
    }

    /** True when the body has no visible text once sanitized. */
    public static boolean isBlank(String html) {
        return INVISIBLE.matcher(textTree(html).body().text()).replaceAll("").isEmpty();
    }

    /** How deeply elements nest (a list in a list item of a list: 3), the body's own level being 0. */
    public static int depth(String html) {
        return deepest(parse(html == null ? "" : html).body());
    }

    private static int deepest(Element root) {
        int[] deepest = {0};
        NodeTraversor.traverse((NodeVisitor) (node, depth) -> {
            if (node instanceof Element && depth > deepest[0]) {
                deepest[0] = depth;
            }
        }, root);
        return deepest[0];
    }

    /** One line of plain text of at most {@code maxChars} characters, cut on a word boundary with "…". */
    public static String excerpt(String html, int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive: " + maxChars);
        }
        String line = INVISIBLE.matcher(textTree(html).body().text()).replaceAll(" ").trim();
        if (line.length() <= maxChars) {
            return line;
        }
        int limit = maxChars - 1;
        int cut = line.lastIndexOf(' ', limit);
        String kept = cut > 0 ? line.substring(0, cut) : line.substring(0, limit);
        return kept.replaceAll("[\\s,;:.\\-–]+$", "") + "…";
    }

    private static Document cleanOnce(String html) {
        Document dirty = parse(html);
        dirty.select(DANGEROUS_CONTAINERS).remove();
        Document clean = new Cleaner(SAFELIST).clean(dirty);
        for (Element span : clean.body().select("span")) {
            String colour = colourOf(span.attr("style"));
            if (colour == null) {
                span.unwrap();
            } else {
                span.attr("style", "color: " + colour);
            }
        }
        for (Element link : clean.body().select("a")) {
            if (!SAFE_HREF.matcher(link.attr("href")).matches()) {
                link.unwrap();
            }
        }
        return clean;
    }

    private static String html(Document doc) {
        doc.outputSettings().prettyPrint(false);
        return doc.body().html();
    }

    /** The colour of a style attribute when it is made of allowed colour declarations only, else null. */
    private static String colourOf(String style) {
        String colour = null;
        for (String declaration : style.split(";", -1)) {
            int colon = declaration.indexOf(':');
            if (colon < 0 || !trimCss(declaration.substring(0, colon)).equalsIgnoreCase("color")) {
                continue;
            }
            String value = trimCss(declaration.substring(colon + 1));
            if (value.isEmpty() || value.length() > MAX_COLOUR_LENGTH) {
                continue;
            }
            String normalised = normaliseColour(value.toLowerCase(Locale.ROOT));
            if (normalised != null) {
                colour = normalised;
            }
        }
        return colour;
    }

    /** Without the leading and trailing white space of CSS (the {@code \s} of regular expressions). */
    private static String trimCss(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isCssSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isCssSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isCssSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static String normaliseColour(String value) {
        if (NAMED_COLOURS.contains(value) || HEX_COLOUR.matcher(value).matches()) {
            return value;
        }
        Matcher rgb = RGB_COLOUR.matcher(value);
        if (rgb.matches()) {
            int r = Integer.parseInt(rgb.group(1));
            int g = Integer.parseInt(rgb.group(2));
            int b = Integer.parseInt(rgb.group(3));
            if (r <= 255 && g <= 255 && b <= 255) {
                return "rgb(" + r + ", " + g + ", " + b + ")";
            }
        }
        return null;
    }

    private static Document parse(String fragment) {
        Document doc = Document.createShell("");
        doc.body().appendChildren(Parser.htmlParser().setMaxDepth(MAX_PARSED_DEPTH)
                .parseFragmentInput(fragment, doc.body(), ""));
        return doc;
    }

    /** Cleaning a clean tree changes nothing: reading it back is enough to know whether it is one. */
    private static boolean parsesBackToItself(String html) {
        return html(parse(html)).equals(html);
    }

    /**
     * The tree of a body for its text, in one parse: what would hold code or hidden text is dropped as the sanitizer
     * drops it, the rest only read.
     */
    private static Document textTree(String html) {
        Document doc = parse(html == null ? "" : html);
        doc.select(DANGEROUS_CONTAINERS).remove();
        return doc;
    }

    /** C0 control characters other than tab and line ends mean nothing in a letter (and stored JSON escapes them). */
    private static String withoutControlCharacters(String html) {
        StringBuilder kept = null;
        for (int i = 0; i < html.length(); i++) {
            char c = html.charAt(i);
            boolean control = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
            if (control && kept == null) {
                kept = new StringBuilder(html.length()).append(html, 0, i);
            } else if (!control && kept != null) {
                kept.append(c);
            }
        }
        return kept == null ? html : kept.toString();
    }

    /** The text without horizontal space at line ends nor blank lines at both ends, in one pass. */
    private static String withoutTrailingSpaces(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length());
        int lineStart = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                int end = i;
                while (end > lineStart && isHorizontalSpace(text.charAt(end - 1))) {
                    end--;
                }
                out.append(text, lineStart, end);
                if (i < text.length()) {
                    out.append('\n');
                }
                lineStart = i + 1;
            }
        }
        int start = 0;
        while (start < out.length() && out.charAt(start) == '\n') {
            start++;
        }
        int end = out.length();
        while (end > start && out.charAt(end - 1) == '\n') {
            end--;
        }
        return out.substring(start, end);
    }

    /** The {@code \h} of regular expressions. */
    private static boolean isHorizontalSpace(char c) {
        return c == ' ' || c == '\t' || c == '\u00A0' || c == '\u1680' || c == '\u180E'
                || (c >= '\u2000' && c <= '\u200A') || c == '\u202F' || c == '\u205F' || c == '\u3000';
    }

    /** Walks a sanitized tree; only the allowed elements can occur. */
    private static final class PlainTextWriter {
        private final StringBuilder out = new StringBuilder();
        private int pendingBreaks;
        private boolean pendingSpace;
        private boolean atLineStart = true;
        private String indent = "";
        private int listDepth;
        /** Right after a list marker: the item's first paragraph or break goes on the marker's line. */
        private boolean afterMarker;

        void children(Element element) {
            for (Node child : element.childNodes()) {
                node(child);
            }
        }

        private void node(Node node) {
            if (node instanceof TextNode text) {
                text(text.getWholeText());
            } else if (node instanceof Element element) {
                element(element);
            }
        }

        private void element(Element element) {
            switch (element.normalName()) {
                case "br" -> {
                    if (afterMarker) {
                        return;
                    }
                    pendingBreaks++;
                    pendingSpace = false;
                }
                case "p" -> {
                    block(listDepth > 0 ? 1 : 2);
                    children(element);
                    block(listDepth > 0 ? 1 : 2);
                }
                case "ul", "ol" -> list(element);
                case "li" -> listItem(element, "- ");
                case "a" -> link(element);
                default -> children(element);
            }
        }

        private void list(Element list) {
            block(listDepth > 0 ? 1 : 2);
            String savedIndent = indent;
            listDepth++;
            int number = 1;
            for (Node child : list.childNodes()) {
                if (child instanceof Element item && item.normalName().equals("li")) {
                    listItem(item, list.normalName().equals("ol") ? number++ + ". " : "- ");
                } else {
                    node(child);
                }
            }
            listDepth--;
            indent = savedIndent;
            block(listDepth > 0 ? 1 : 2);
        }

        private void listItem(Element item, String marker) {
            block(1);
            flushBreaks();
            out.append(indent).append(marker);
            atLineStart = false;
            pendingSpace = false;
            afterMarker = true;
            String savedIndent = indent;
            indent = indent + " ".repeat(marker.length());
            children(item);
            indent = savedIndent;
            afterMarker = false;
            block(1);
        }

        private void link(Element link) {
            children(link);
            String href = link.attr("href");
            if (!SAFE_HREF.matcher(href).matches()) {
                // Only links the sanitizer keeps have a target worth showing.
                return;
            }
            String target = href.regionMatches(true, 0, "mailto:", 0, 7) ? href.substring(7) : href;
            String text = link.text().trim();
            if (!target.isEmpty() && !text.equalsIgnoreCase(target) && !text.equalsIgnoreCase(href)) {
                text(" (" + target + ")");
            }
        }

        private void block(int breaks) {
            if (afterMarker) {
                return;
            }
            pendingBreaks = Math.max(pendingBreaks, breaks);
            pendingSpace = false;
        }

        private void text(String raw) {
            String[] words = raw.split("[ \\t\\n\\r\\f]+", -1);
            for (int i = 0; i < words.length; i++) {
                if (i > 0) {
                    pendingSpace = true;
                }
                if (!words[i].isEmpty()) {
                    word(words[i]);
                }
            }
        }

        private void word(String word) {
            flushBreaks();
            if (atLineStart) {
                out.append(indent);
            } else if (pendingSpace) {
                out.append(' ');
            }
            out.append(word);
            atLineStart = false;
            pendingSpace = false;
            afterMarker = false;
        }

        private void flushBreaks() {
            if (pendingBreaks > 0 && out.length() > 0) {
                out.append("\n".repeat(pendingBreaks));
                atLineStart = true;
            }
            pendingBreaks = 0;
        }
    }

    /** Text typed in a plain textarea as editor HTML: blank lines separate paragraphs, other new lines break. */
    public static String fromPlainText(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        StringBuilder html = new StringBuilder();
        for (String paragraph : text.replace("\r\n", "\n").strip().split("\n\\s*\n")) {
            html.append("<p>").append(Entities.escape(paragraph.strip()).replace("\n", "<br>")).append("</p>");
        }
        return html.toString();
    }
}
