package dev.podwire.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays out cells exactly as kubectl does: Go's {@code text/tabwriter} with minwidth 6, padding 3 and spaces,
 * every cell but the last of a line tab-terminated. So a column is as wide as its widest cell plus 3 (at least 6),
 * and the last column is not padded (no trailing spaces).
 */
final class TableWriter {
    private static final int MIN_WIDTH = 6;
    private static final int PADDING = 3;

    private TableWriter() {}

    static String render(List<List<String>> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        int columns = rows.getFirst().size();
        List<Integer> widths = new ArrayList<>();
        for (int c = 0; c < columns - 1; c++) {
            int width = MIN_WIDTH;
            for (List<String> row : rows) {
                width = Math.max(width, cellWidth(row.get(c)) + PADDING);
            }
            widths.add(width);
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            if (row.size() != columns) {
                throw new IllegalArgumentException("row: " + row + " (expected: " + columns + " cells)");
            }
            for (int c = 0; c < columns - 1; c++) {
                out.append(row.get(c)).append(" ".repeat(widths.get(c) - cellWidth(row.get(c))));
            }
            out.append(row.get(columns - 1)).append('\n');
        }
        return out.toString();
    }

    // tabwriter counts UTF-8 runes; our cells are code points too.
    private static int cellWidth(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
