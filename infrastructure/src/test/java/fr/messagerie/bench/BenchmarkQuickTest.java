package fr.messagerie.bench;

import fr.messagerie.infrastructure.LocalAwsExtension;
import fr.messagerie.infrastructure.LocalConfig;
import fr.messagerie.infrastructure.LocalSystem;
import fr.messagerie.infrastructure.bench.BenchOptions;
import fr.messagerie.infrastructure.bench.Benchmark;
import fr.messagerie.infrastructure.bench.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark command in quick mode, on the shared servers: every section is measured, so it cannot rot. */
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
        assertEquals(1 + system.template().functions().size() + 5 + 1 + 1 + 3, ratios,
                "cold starts (floor + each function), 5 warm calls, fan-out, ingestion, 3 tracking pages");
        String markdown = Files.readString(options.out());
        assertEquals(report.markdown(), markdown);
        assertTrue(markdown.contains("cores") && markdown.contains("Java"), "machine facts at the top");
    }

    private boolean positiveRatio(String cell) {
        return Double.parseDouble(cell.substring(1)) > 0;
    }
}
