package fr.messagerie.bench;

import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalConfig;
import fr.messagerie.sam.LocalSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark command in quick mode, on the shared servers: every section is measured (the Console section in
 * Chromium, on the built web/dist), so it cannot rot.
 */
@ExtendWith(LocalAwsExtension.class)
class BenchmarkQuickTest {
    private static final String FIGURE = "[×]?\\d+(\\.\\d+)? ?(ms|KiB|[a-zA-Z]+/s)?";

    @Test
    void quick_mode_measures_every_section_with_numeric_figures(LocalSystem system) throws Exception {
        Path root = LocalConfig.findRepositoryRoot(Path.of("").toAbsolutePath());
        BenchOptions options = BenchOptions.quick(root);
        Report report = Benchmark.run(system, options);

        assertEquals(Benchmark.SECTIONS, report.sections().stream().map(Report.Section::title).toList());
        for (Report.Section section : report.sections()) {
            assertFalse(section.rows().isEmpty(), section.title() + " has no row");
            for (List<String> row : section.rows()) {
                assertTrue(row.stream().anyMatch(cell -> cell.matches(FIGURE)), () -> "no figure in " + row);
                assertTrue(row.stream().filter(cell -> cell.startsWith("×")).allMatch(this::positiveRatio),
                        () -> "bad ratio in " + row);
            }
        }
        long ratios = report.sections().stream().flatMap(s -> s.rows().stream())
                .filter(row -> row.stream().anyMatch(cell -> cell.startsWith("×"))).count();
        assertEquals(1 + system.template().functions().size() + 5 + 1 + 1 + 5 + 3, ratios,
                "cold starts (floor + each function), 5 warm calls, fan-out, ingestion, 5 kinds of DynamoDB request,"
                        + " 3 tracking pages");
        Report.Section console = report.sections().get(Benchmark.SECTIONS.indexOf("Console"));
        assertEquals(List.of("Measure", "Figure", "Goal", "Goal met", "Detail"), console.columns());
        assertEquals(List.of("≤ 150 KiB", "≤ 150 KiB", "≤ 1 s", "≤ 50 ms"),
                console.rows().stream().map(row -> row.get(2)).toList(), "each figure with its goal");
        assertTrue(console.rows().get(0).get(1).endsWith(" KiB") && console.rows().get(2).get(1).endsWith(" ms"),
                () -> "sizes in KiB, times in ms: " + console.rows());
        String markdown = Files.readString(options.out());
        assertEquals(report.markdown(), markdown);
        assertTrue(markdown.contains("cores") && markdown.contains("Java"), "machine facts at the top");
    }

    @Test
    void only_names_the_sections_to_report() {
        BenchOptions options = BenchOptions.parse("--quick", "--only", "console,proof", "--out", "x.md");
        assertTrue(options.quick());
        assertEquals(Set.of("console", "proof"), options.only());
        assertTrue(options.reports("console") && !options.reports("cold-start"));
        assertTrue(BenchOptions.parse().reports("cold-start"), "every section without --only");
        assertEquals(Benchmark.SECTIONS.size(), Benchmark.SECTION_NAMES.size());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--only", "consol"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--only"));
    }

    private boolean positiveRatio(String cell) {
        return Double.parseDouble(cell.substring(1)) > 0;
    }
}
