package fr.messagerie.letters;

import fr.messagerie.common.Bounds;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class RichTextTest {

    @Nested
    class Sanitize {

        @Test
        void nullAndEmptyGiveEmpty() {
            assertEquals("", RichText.sanitize(null));
            assertEquals("", RichText.sanitize(""));
        }

        @Test
        void keepsEveryFormattingOfTheEditor() {
            String html = "<p>Bonjour,</p>"
                    + "<p><strong>gras</strong> <b>gras</b> <em>italique</em> <i>italique</i> <u>souligné</u> "
                    + "<s>barré</s> <strike>barré</strike> <del>barré</del></p>"
                    + "<p>ligne 1<br>ligne 2</p>"
                    + "<ul><li>un</li><li>deux<ol><li>a</li></ol></li></ul>"
                    + "<ol><li>premier</li></ol>"
                    + "<p><span style=\"color: #c00\">rouge</span> <span style=\"color: #1a2b3c\">bleu</span> "
                    + "<span style=\"color: rgb(0, 128, 0)\">vert</span> <span style=\"color: navy\">marine</span></p>";
            assertEquals(html, RichText.sanitize(html));
        }

        @Test
        void keepsHttpsAndMailtoLinksAndAddsRel() {
            assertEquals("<p><a href=\"https://marches.example.fr/consultation?id=1&amp;org=a\" "
                            + "rel=\"noopener noreferrer\">la consultation</a></p>",
                    RichText.sanitize("<p><a href=\"https://marches.example.fr/consultation?id=1&org=a\" "
                            + "target=\"_blank\" rel=\"opener\">la consultation</a></p>"));
            assertEquals("<a href=\"mailto:support@example.fr\" rel=\"noopener noreferrer\">support</a>",
                    RichText.sanitize("<a href=\"mailto:support@example.fr\">support</a>"));
        }

        @Test
        void removesOtherLinksButKeepsTheirText() {
            assertEquals("voir", RichText.sanitize("<a href=\"http://example.fr\">voir</a>"));
            assertEquals("voir", RichText.sanitize("<a href=\"javascript:alert(1)\">voir</a>"));
            assertEquals("voir", RichText.sanitize("<a href=\"/relatif\">voir</a>"));
            assertEquals("voir", RichText.sanitize("<a name=\"ancre\">voir</a>"));
        }

        @Test
        void unwrapsOtherTagsKeepingTheirText() {
            assertEquals("<p>Titre</p>texte dans un div<p>cellule</p>",
                    RichText.sanitize("<h1><p>Titre</p></h1><div class=\"x\">texte dans un div</div>"
                            + "<table><tr><td><p>cellule</p></td></tr></table>"));
            assertEquals("<p>ancien éditeur</p>", RichText.sanitize("<p><font color=\"red\">ancien éditeur</font></p>"));
        }

        @Test
        void dropsDangerousContainersWithTheirContent() {
            assertEquals("<p>avant après</p>",
                    RichText.sanitize("<p>avant <script>alert(1)</script><style>p{}</style>"
                            + "<textarea>saisie</textarea><select><option>choix</option></select>après</p>"));
            assertEquals("", RichText.sanitize("<svg><text>dessin</text></svg><template>modèle</template>"));
        }

        @Test
        void keepsOnlyTheColourOfAStyle() {
            assertEquals("<span style=\"color: red\">x</span>",
                    RichText.sanitize("<span style=\"font-size: 40px; COLOR: Red; position: fixed\">x</span>"));
            assertEquals("<span style=\"color: rgb(10, 20, 30)\">x</span>",
                    RichText.sanitize("<span style=\"color:rgb( 10,20 ,30 )\">x</span>"));
            assertEquals("<span style=\"color: #aabbcc\">x</span>",
                    RichText.sanitize("<span style=\"color:#AABBCC;\">x</span>"));
        }

        @Test
        void unwrapsSpansWithoutAnAllowedColour() {
            assertEquals("x", RichText.sanitize("<span>x</span>"));
            assertEquals("x", RichText.sanitize("<span class=\"c\" style=\"font-weight: bold\">x</span>"));
            assertEquals("x", RichText.sanitize("<span style=\"color: papayawhip\">x</span>"));
            assertEquals("x", RichText.sanitize("<span style=\"color: #abcd\">x</span>"));
            assertEquals("x", RichText.sanitize("<span style=\"color: rgb(256, 0, 0)\">x</span>"));
            assertEquals("x", RichText.sanitize("<span style=\"color: rgba(0, 0, 0, 0)\">x</span>"));
        }

        @Test
        void keepsTextAndEntities() {
            assertEquals("<p>« Prix » : 1 000 € – l’offre &lt;b&gt; &amp; co</p>",
                    RichText.sanitize("<p>&laquo; Prix &raquo; : 1 000 &euro; &ndash; l&rsquo;offre &lt;b&gt; &amp; co</p>"));
        }

        @Test
        void producesAStableTreeWhenUnwrappingNestsParagraphs() {
            String once = RichText.sanitize("<p>a<xyz><p>b</p></xyz>c</p>");
            assertEquals(once, RichText.sanitize(once));
            assertTrue(Jsoup.parseBodyFragment(once).select("p p").isEmpty(), once);
        }
    }

    @Nested
    class XssCorpus {

        private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
                Map.entry("p", Set.of()), Map.entry("br", Set.of()), Map.entry("strong", Set.of()),
                Map.entry("b", Set.of()), Map.entry("em", Set.of()), Map.entry("i", Set.of()),
                Map.entry("u", Set.of()), Map.entry("s", Set.of()), Map.entry("strike", Set.of()),
                Map.entry("del", Set.of()), Map.entry("ul", Set.of()), Map.entry("ol", Set.of()),
                Map.entry("li", Set.of()), Map.entry("span", Set.of("style")), Map.entry("a", Set.of("href", "rel")));
        private static final Pattern COLOUR_STYLE = Pattern.compile(
                "color: (?:#[0-9a-f]{3}|#[0-9a-f]{6}|rgb\\(\\d{1,3}, \\d{1,3}, \\d{1,3}\\)|[a-z]+)");

        static Stream<String> vectors() throws IOException {
            try (InputStream in = RichTextTest.class.getResourceAsStream("/xss-vectors.txt")) {
                List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .filter(line -> !line.isBlank()).toList();
                return lines.stream();
            }
        }

        @Test
        void corpusHasAtLeastSixtyVectors() throws IOException {
            assertTrue(vectors().count() >= 60);
        }

        @ParameterizedTest
        @MethodSource("vectors")
        void outputHoldsOnlyAllowedMarkup(String vector) {
            String output = RichText.sanitize(vector);
            Document parsed = Jsoup.parseBodyFragment(output);
            for (Element element : parsed.body().getAllElements()) {
                if (element == parsed.body()) {
                    continue;
                }
                String tag = element.normalName();
                if (!ALLOWED.containsKey(tag)) {
                    fail("element <" + tag + "> in " + output);
                }
                for (Attribute attribute : element.attributes()) {
                    String name = attribute.getKey().toLowerCase(Locale.ROOT);
                    assertTrue(ALLOWED.get(tag).contains(name), "attribute " + name + " on <" + tag + "> in " + output);
                    String value = attribute.getValue().toLowerCase(Locale.ROOT);
                    for (String scheme : List.of("javascript:", "vbscript:", "data:")) {
                        assertFalse(value.contains(scheme), scheme + " in " + output);
                    }
                    switch (name) {
                        case "href" -> assertTrue(value.startsWith("https://") || value.startsWith("mailto:"), output);
                        case "rel" -> assertEquals("noopener noreferrer", value, output);
                        case "style" -> assertTrue(COLOUR_STYLE.matcher(value).matches(), "style in " + output);
                        default -> fail("unexpected attribute " + name);
                    }
                }
            }
        }

        @ParameterizedTest
        @MethodSource("vectors")
        void sanitizingIsIdempotent(String vector) {
            String once = RichText.sanitize(vector);
            assertEquals(once, RichText.sanitize(once));
        }

        @ParameterizedTest
        @MethodSource("vectors")
        void outputHasNoExecutableText(String vector) {
            String output = RichText.sanitize(vector).toLowerCase(Locale.ROOT);
            for (String tag : List.of("<script", "<img", "<iframe", "<svg", "<style", "<meta", "<base", "<form")) {
                assertFalse(output.contains(tag), tag + " in " + output);
            }
        }
    }

    @Nested
    class PlainText {

        @Test
        void separatesParagraphsWithABlankLineAndBreaksWithANewLine() {
            assertEquals("Bonjour,\n\nVous trouverez ci-joint le document.\n\nMerci de votre intérêt.\n"
                            + "La plate-forme",
                    RichText.toPlainText("<p>Bonjour,</p><p>Vous trouverez ci-joint   le\ndocument.</p>"
                            + "<p>Merci de votre intérêt.<br>La plate-forme</p>"));
        }

        @Test
        void writesListItems() {
            assertEquals("notamment :\n\n- Le modèle de bordereau des prix ;\n- Le règlement de la consultation.\n\n"
                            + "1. premier\n2. second\n\nFin",
                    RichText.toPlainText("<p>notamment :</p><ul><li>Le modèle de bordereau des prix ;</li>"
                            + "<li>Le règlement de la consultation.</li></ul><ol><li>premier</li><li>second</li></ol>"
                            + "<p>Fin</p>"));
        }

        @Test
        void indentsNestedLists() {
            assertEquals("- un\n  1. un-a\n  2. un-b\n     - profond\n- deux",
                    RichText.toPlainText("<ul><li>un<ol><li>un-a</li><li>un-b<ul><li>profond</li></ul></li></ol></li>"
                            + "<li>deux</li></ul>"));
        }

        @Test
        void keepsParagraphsOfAListItemNextToTheirMarker() {
            assertEquals("- premier\n  suite\n-\n- second\n  fin",
                    RichText.toPlainText("<ul><li><p>premier</p><p>suite</p></li><li></li>"
                            + "<li><br>second<br>fin</li></ul>"));
        }

        @Test
        void writesTheUrlOfALinkWhenItsTextDiffers() {
            assertEquals("Voir la consultation (https://example.fr/c?id=1) ou https://example.fr, "
                            + "écrire au support (support@example.fr) ou à support@example.fr",
                    RichText.toPlainText("Voir <a href=\"https://example.fr/c?id=1\">la consultation</a> ou "
                            + "<a href=\"https://example.fr\">https://example.fr</a>, écrire au "
                            + "<a href=\"mailto:support@example.fr\">support</a> ou à "
                            + "<a href=\"mailto:support@example.fr\">support@example.fr</a>"));
        }

        @Test
        void decodesEntitiesAndDropsFormattingAndTrailingSpaces() {
            assertEquals("« Prix » 1 000 € & <tag>\nl’offre est en gras",
                    RichText.toPlainText("<p>&laquo; Prix &raquo; 1 000 &euro; &amp; &lt;tag&gt; <br>"
                            + "l&rsquo;offre est <strong>en <span style=\"color: red\">gras</span></strong>  </p>"));
        }

        @Test
        void dropsDangerousContent() {
            assertEquals("Bonjour", RichText.toPlainText("<p>Bonjour<script>alert(1)</script></p>"));
            assertEquals("", RichText.toPlainText(null));
        }
    }

    @Nested
    class Blank {

        @Test
        void emptyEditorContentIsBlank() {
            assertTrue(RichText.isBlank(null));
            assertTrue(RichText.isBlank(""));
            assertTrue(RichText.isBlank("<p><br></p>"));
            assertTrue(RichText.isBlank("<p>&nbsp;</p><p> </p><ul><li></li></ul>"));
            assertTrue(RichText.isBlank("<p><strong> </strong><span style=\"color: red\">\u200B</span></p>"));
            assertTrue(RichText.isBlank("<script>alert('texte')</script><img src=x>"));
        }

        @Test
        void anyVisibleTextIsNotBlank() {
            assertFalse(RichText.isBlank("<p>.</p>"));
            assertFalse(RichText.isBlank("<ul><li>Oui</li></ul>"));
            assertFalse(RichText.isBlank("<div>texte hors balise autorisée</div>"));
        }
    }

    @Nested
    class Excerpt {

        private static final String BODY = "<p>Bonjour,</p><p>Vous trouverez en pièces jointes les documents évoqués "
                + "avec vous précédemment, et notamment :</p><ul><li>Le modèle de bordereau des prix ;</li></ul>";

        @Test
        void isOneLine() {
            assertEquals("Bonjour, Vous trouverez en pièces jointes les documents évoqués avec vous précédemment, "
                    + "et notamment : Le modèle de bordereau des prix ;", RichText.excerpt(BODY, 500));
            assertEquals("a b", RichText.excerpt("a<br>b", 10));
        }

        @Test
        void cutsOnAWordBoundary() {
            String excerpt = RichText.excerpt(BODY, 40);
            assertEquals("Bonjour, Vous trouverez en pièces…", excerpt);
            assertTrue(excerpt.length() <= 40);
        }

        @Test
        void cutsALongWordWhenThereIsNoBoundary() {
            assertEquals("abcd…", RichText.excerpt("abcdefghij", 5));
        }

        @Test
        void keepsShortTextWhole() {
            assertEquals("Bonjour", RichText.excerpt("<p>Bonjour</p>", 7));
            assertEquals("", RichText.excerpt(null, 10));
        }

        @Test
        void rejectsANonPositiveLength() {
            assertThrows(IllegalArgumentException.class, () -> RichText.excerpt("x", 0));
        }
    }

    /**
     * The worst inputs of each kind, at the largest size accepted: every one gives its exact outcome. Each once took
     * seconds to minutes (regular expressions backtracking over the body); their times are a figure of the benchmark
     * command ("Rich text, worst inputs"), not asserted here.
     */
    @Nested
    class WorstInputs {
        private static final int BODY = LetterRules.MAX_BODY_BYTES;
        private static final String EM_SPACE = "\u2003";

        @Test
        void aColourDeclarationPaddedWithSpacesIsReadToTheEnd() {
            String padding = " ".repeat(BODY - 60);
            assertEquals("texte", RichText.sanitize("<span style=\"color: a" + padding + "b\">texte</span>"));
            assertEquals("<span style=\"color: red\">texte</span>",
                    RichText.sanitize("<span style=\"color:" + padding + "red" + "\">texte</span>"));
        }

        @Test
        void aReplyOfEmSpacesKeepsThemBetweenWordsAndDropsThemAtLineEnds() {
            String spaces = EM_SPACE.repeat(Bounds.MAX_REPLY_BYTES / 3 - 2);
            String between = RichText.sanitize(RichText.fromPlainText("x" + spaces + "x"));
            assertEquals("x" + spaces + "x", RichText.toPlainText(between));
            String trailing = RichText.sanitize(RichText.fromPlainText("x" + spaces + "\ny"));
            assertEquals("x\ny", RichText.toPlainText(trailing));
        }

        @Test
        void aBodyOfLineBreaksKeepsThemBetweenWordsAndDropsThemAtBothEnds() {
            int breaks = BODY / 4 - 1;
            String body = RichText.sanitize("x" + "<br>".repeat(breaks) + "x");
            assertEquals("x" + "\n".repeat(breaks) + "x", RichText.toPlainText(body));
            assertEquals("x x", RichText.excerpt(body, 200));
            assertEquals("x", RichText.toPlainText("<br>".repeat(breaks / 2) + "x" + "<br>".repeat(breaks / 2)));
            assertEquals("x\n\ny", RichText.toPlainText(RichText.sanitize(
                    RichText.fromPlainText("x" + "\n \n".repeat(BODY / 4) + "y"))));
        }

        @Test
        void listsNestedWithoutEndAreMeasuredAsTooDeep() {
            String nested = RichText.sanitize("<ul><li>".repeat(BODY / 8) + "x");
            assertTrue(RichText.depth(nested) > LetterRules.MAX_BODY_DEPTH, "refused by the rules");
            assertTrue(nested.startsWith("<ul><li><ul><li>"), nested.substring(0, 100));
            assertEquals(2 * 16, RichText.depth(RichText.sanitize("<ul><li>".repeat(16) + "x")));
        }

        @Test
        void unclosedFormattingAndLinksKeepTheirText() {
            String formatting = RichText.sanitize("<b><i><u><s>x".repeat(BODY / 13));
            assertEquals("x".repeat(BODY / 13), RichText.toPlainText(formatting).replace(" ", ""));
            String links = RichText.sanitize("<a href=\"https://marches.example.fr/a\">x".repeat(BODY / 40));
            assertTrue(RichText.toPlainText(links).startsWith("x (https://marches.example.fr/a)"));
        }

        @Test
        void controlCharactersAreDropped() {
            assertEquals("<p>ab\tc</p>", RichText.sanitize("<p>a\u0001\u0008b\tc\u001F</p>"));
            assertEquals("x", RichText.sanitize("\u0002".repeat(BODY - 1) + "x"));
        }
    }
}
