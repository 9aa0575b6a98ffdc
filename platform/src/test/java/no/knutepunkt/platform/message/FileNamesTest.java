package no.knutepunkt.platform.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileNamesTest {

    @Test
    void plainNamesPassInAnyScript() {
        for (String ok : new String[] {"vedtak.pdf", "Søknad om løyve – Førde.docx", "план.txt", "報告.xml", "a",
                "CONTRACT.pdf", "console.log", "nul_ut.txt", ".gitignore", "x".repeat(255)}) {
            assertThat(FileNames.problem(ok)).as(ok).isEmpty();
        }
    }

    @Test
    void namesThatAreNotOnePlainFileNameAreRefusedWithTheReason() {
        assertThat(FileNames.problem("")).hasValueSatisfying(p -> assertThat(p).contains("1 to 255"));
        assertThat(FileNames.problem("x".repeat(256))).hasValueSatisfying(p -> assertThat(p).contains("1 to 255"));
        assertThat(FileNames.problem(".")).hasValueSatisfying(p -> assertThat(p).contains("not a file name"));
        assertThat(FileNames.problem("..")).hasValueSatisfying(p -> assertThat(p).contains("not a file name"));
        assertThat(FileNames.problem("../etc/passwd")).hasValueSatisfying(p -> assertThat(p).contains("no path"));
        assertThat(FileNames.problem("a\\b.pdf")).hasValueSatisfying(p -> assertThat(p).contains("no path"));
        assertThat(FileNames.problem("vedtak.pdf:skjult")).hasValueSatisfying(p -> assertThat(p).contains("':'"));
        assertThat(FileNames.problem("a\u0000b")).hasValueSatisfying(p -> assertThat(p).contains("control"));
        assertThat(FileNames.problem("faktura\u202Efdp.exe"))
                .hasValueSatisfying(p -> assertThat(p).contains("bidirectional"));
        assertThat(FileNames.problem("x\u2067y.pdf")).isPresent();
        assertThat(FileNames.problem("vedtak.pdf.")).hasValueSatisfying(p -> assertThat(p).contains("dot or a space"));
        assertThat(FileNames.problem("vedtak.pdf ")).hasValueSatisfying(p -> assertThat(p).contains("dot or a space"));
        for (String device : new String[] {"CON", "con", "NUL.txt", "com1", "LPT9.pdf", "aux.tar.gz", "PRN"}) {
            assertThat(FileNames.problem(device)).as(device)
                    .hasValueSatisfying(p -> assertThat(p).contains("reserved device name"));
        }
    }
}
