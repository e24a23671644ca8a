package dev.sharedsvc.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A plain-text table for terminals: a header, aligned columns two spaces apart, numbers to the right. */
final class Table {

    private final List<String> headers;
    private final Set<Integer> right = new HashSet<>();
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    /** Aligns these columns (from 0) to the right. */
    Table right(int... columns) {
        Arrays.stream(columns).forEach(right::add);
        return this;
    }

    /** Adds a row; {@code null} cells print as {@code -}. */
    Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell == null ? "-" : cell.toString());
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table, each line indented by {@code indent}, without a trailing line break. */
    String format(String indent) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, indent, headers, widths);
        rows.forEach(row -> line(text.append('\n'), indent, row, widths));
        return text.toString();
    }

    private void line(StringBuilder text, String indent, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder(indent);
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String pad = " ".repeat(widths[i] - cell.length());
            line.append(i == 0 ? "" : "  ").append(right.contains(i) ? pad + cell : cell + pad);
        }
        text.append(line.toString().stripTrailing());
    }
}
