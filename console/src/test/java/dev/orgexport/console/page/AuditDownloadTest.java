package dev.orgexport.console.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditDownloadTest {

    @Test
    void csv_cells_are_quoted_when_needed_and_formulas_are_defused() {
        assertThat(AuditDownload.cell(null)).isEmpty();
        assertThat(AuditDownload.cell("plain")).isEqualTo("plain");
        assertThat(AuditDownload.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditDownload.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditDownload.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(AuditDownload.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(AuditDownload.cell("@sum")).isEqualTo("'@sum");
    }
}
