package dev.podwire.kinds.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Go's {@code text/tabwriter} with padding by spaces, for text whose lines have different numbers of cells (kubectl
 * describe: minwidth 0, padding 2). A cell is tab-terminated; a line's last cell is not and is never padded. A
 * column's width is fixed per block of consecutive lines that have a tab-terminated cell in that column, which is
 * why {@code Port:  <unset>  8080/TCP} aligns its middle cell on its own.
 */
final class TabWriter {
    private final int minWidth;
    private final int padding;
    private List<String[]> lines = List.of();
    private final List<Integer> widths = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();

    private TabWriter(int minWidth, int padding) {
        this.minWidth = minWidth;
        this.padding = padding;
    }

    /** {@return {@code text} laid out; every line of {@code text} must end in a newline} */
    static String format(String text, int minWidth, int padding) {
        TabWriter w = new TabWriter(minWidth, padding);
        w.lines = text.lines().map(l -> l.split("\t", -1)).toList();
        w.format(0, w.lines.size());
        return w.out.toString();
    }

    // Go's tabwriter.format: recursive over columns, one block of lines at a time.
    private void format(int line0, int line1) {
        int column = widths.size();
        for (int at = line0; at < line1; at++) {
            if (column >= lines.get(at).length - 1) {
                continue;
            }
            write(line0, at);
            line0 = at;
            int width = minWidth;
            for (; at < line1; at++) {
                String[] cells = lines.get(at);
                if (column >= cells.length - 1) {
                    break;
                }
                width = Math.max(width, cells[column].codePointCount(0, cells[column].length()) + padding);
            }
            widths.add(width);
            format(line0, at);
            widths.removeLast();
            line0 = at;
            at--;
        }
        write(line0, line1);
    }

    private void write(int from, int to) {
        for (int i = from; i < to; i++) {
            String[] cells = lines.get(i);
            for (int c = 0; c < cells.length; c++) {
                out.append(cells[c]);
                if (c < cells.length - 1 && c < widths.size()) {
                    out.append(" ".repeat(widths.get(c) - cells[c].codePointCount(0, cells[c].length())));
                }
            }
            out.append('\n');
        }
    }

    @Override
    public String toString() {
        return "TabWriter" + Arrays.asList(minWidth, padding);
    }
}
