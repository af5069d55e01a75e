package fr.messagerie.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's figures as markdown: a header with the machine facts, then one table per section. */
public final class Report {

    /** One table. */
    public record Section(String title, String note, List<String> columns, List<List<String>> rows) {
        public Section(String title, String note, String... columns) {
            this(title, note, List.of(columns), new ArrayList<>());
        }

        public Section row(String... cells) {
            if (cells.length != columns.size()) {
                throw new IllegalArgumentException(title + ": " + cells.length + " cells for " + columns.size());
            }
            rows.add(List.of(cells));
            return this;
        }
    }

    private final List<String> header;
    private final List<Section> sections = new ArrayList<>();

    Report(List<String> header) {
        this.header = List.copyOf(header);
    }

    Section add(Section section) {
        sections.add(section);
        return section;
    }

    public List<Section> sections() {
        return List.copyOf(sections);
    }

    public String markdown() {
        StringBuilder out = new StringBuilder("# Benchmarks\n\n");
        header.forEach(line -> out.append(line).append("  \n"));
        for (Section section : sections) {
            out.append("\n## ").append(section.title()).append("\n\n");
            if (!section.note().isEmpty()) {
                out.append(section.note()).append("\n\n");
            }
            out.append("| ").append(String.join(" | ", section.columns())).append(" |\n|");
            section.columns().forEach(column -> out.append("---|"));
            out.append('\n');
            section.rows().forEach(row -> out.append("| ").append(String.join(" | ", row)).append(" |\n"));
        }
        return out.toString();
    }

    static String ms(double millis) {
        return millis >= 100 ? String.format(Locale.ROOT, "%.0f ms", millis)
                : String.format(Locale.ROOT, "%.1f ms", millis);
    }

    static String rate(double perSecond, String unit) {
        return String.format(Locale.ROOT, "%.0f %s/s", perSecond, unit);
    }

    /** How many times the baseline's cost: above 1 means slower than the baseline. */
    static String ratio(double cost, double baselineCost) {
        return String.format(Locale.ROOT, "×%.1f", cost / baselineCost);
    }

    static String bytes(long value) {
        return String.format(Locale.ROOT, "%.1f KiB", value / 1024.0);
    }
}
