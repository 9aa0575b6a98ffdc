package no.knutepunkt.client;

import java.io.PrintWriter;

/**
 * How far something has come, on standard output: on a terminal one line with a bar, rewritten in place with
 * {@code \r} (a shorter text where the terminal is too narrow, cut to its width, so that it never wraps); otherwise
 * a plain line each time the text changes, for logs and pipes.
 */
final class ProgressLine {
    static final int BAR = 24;
    private final PrintWriter out;
    private final boolean terminal;
    private final int columns;
    private String last;
    private int shown;

    ProgressLine(PrintWriter out, Shell shell) {
        this.out = out;
        this.terminal = shell.terminal();
        this.columns = shell.columns();
    }

    /**
     * Shows {@code done} of {@code total} with {@code text}, unless that is what is shown already; on a terminal too
     * narrow for it, with {@code shorter} (and what does not fit of that cut off).
     */
    void show(int done, int total, String text, String shorter) {
        if (text.equals(last)) {
            return;
        }
        last = text;
        if (!terminal) {
            out.println(text);
            return;
        }
        String line = bar(done, total) + "  " + text;
        if (columns > 1 && line.length() > columns - 1) {
            line = bar(done, total) + "  " + shorter;
        }
        if (columns > 1 && line.length() > columns - 1) {
            line = line.substring(0, columns - 1);
        }
        out.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
        out.flush();
        shown = line.length();
    }

    /** Ends the line on a terminal, so that what follows starts on a line of its own. */
    void end() {
        if (terminal && shown > 0) {
            out.println();
            shown = 0;
        }
    }

    /** {@code [#########...............]}: done of total in {@link #BAR} characters. */
    static String bar(int done, int total) {
        int filled = total <= 0 ? BAR : (int) ((long) BAR * Math.min(done, total) / total);
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
    }
}
