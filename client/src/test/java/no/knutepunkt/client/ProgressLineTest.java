package no.knutepunkt.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The progress line on a terminal (rewritten in place, never wider than the terminal) and elsewhere. */
class ProgressLineTest {
    private final StringWriter written = new StringWriter();

    @Test
    void elsewhereALineEachTimeTheTextChanges() {
        ProgressLine progress = line(false, 0);

        progress.show(0, 4, "0/4 made (none)", "0/4");
        progress.show(0, 4, "0/4 made (none)", "0/4");
        progress.show(4, 4, "4/4 made (all)", "4/4");
        progress.end();

        assertThat(written).hasToString("0/4 made (none)\n4/4 made (all)\n");
    }

    @Test
    void onATerminalAShorterLineBlanksWhatIsLeftOfTheLongerOne() {
        ProgressLine progress = line(true, 80);

        progress.show(1, 4, "1/4 made, 12 queued", "1/4");
        progress.show(2, 4, "2/4 made", "2/4");
        progress.end();

        assertThat(written).hasToString("\r[######..................]  1/4 made, 12 queued"
                + "\r[############............]  2/4 made           \n");
    }

    @Test
    void onANarrowTerminalTheShorterTextIsShownAndCutSoThatTheLineNeverWraps() {
        ProgressLine narrow = line(true, 60);

        narrow.show(3, 4, "3/4 messages made (1 delivered, 0 ended, 2 queued or in an inbox)", "3/4 messages made");
        narrow.end();
        ProgressLine narrower = line(true, 40);
        narrower.show(3, 4, "3/4 messages made (1 delivered, 0 ended, 2 queued or in an inbox)", "3/4 messages made");

        assertThat(written).hasToString("\r[##################......]  3/4 messages made\n"
                + "\r[##################......]  3/4 message");
        assertThat(written.toString().substring(written.toString().lastIndexOf('\r') + 1)).hasSize(39);
    }

    @Test
    void theBarIsFullForNothingToDo() {
        assertThat(ProgressLine.bar(0, 0)).isEqualTo("[########################]");
        assertThat(ProgressLine.bar(5, 4)).isEqualTo("[########################]");
    }

    private ProgressLine line(boolean terminal, int columns) {
        return new ProgressLine(new PrintWriter(written), new Shell(Map.of(), terminal, columns, Clock.systemUTC(),
                duration -> { }));
    }
}
