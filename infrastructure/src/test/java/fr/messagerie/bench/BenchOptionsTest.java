package fr.messagerie.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.messagerie.infrastructure.bench.BenchOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The benchmark's command line ({@code -Dbench.args}). */
class BenchOptionsTest {

    @Test
    void onlyColdStartKeepsTheFullSizeAndCombinesWithTheOtherOptions() {
        BenchOptions full = BenchOptions.parse();
        BenchOptions cold = BenchOptions.parse("--only", "cold-start", "--out", "cold.md");

        assertFalse(full.coldStartOnly());
        assertTrue(cold.coldStartOnly());
        assertEquals(full.coldRuns(), cold.coldRuns());
        assertEquals(Path.of("cold.md").toAbsolutePath(), cold.out());
        assertTrue(BenchOptions.parse("--quick", "--only", "cold-start").quick());
    }

    @Test
    void otherSectionsAloneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--only", "warm"));
    }
}
