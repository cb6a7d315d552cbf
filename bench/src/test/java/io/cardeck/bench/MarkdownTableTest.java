package io.cardeck.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MarkdownTableTest {

    @Test
    void padsCellsAndAlignsFiguresRight() {
        String table = new MarkdownTable("name", "rate").row("a", 12345).row("longer", 7).toString();

        assertEquals("""
                | name   |  rate |
                | ------ | ----: |
                | a      | 12345 |
                | longer |     7 |
                """, table);
    }

    @Test
    void formatsFigures() {
        assertEquals("12,346", MarkdownTable.rate(12345.6));
        assertEquals("4.2%", MarkdownTable.percent(0.042));
        assertEquals("0.93", MarkdownTable.ratio(0.9349));
        assertEquals("n/a", MarkdownTable.percent(Double.NaN));
    }

    @Test
    void rejectsRowsOfTheWrongWidthAndTablesWithoutColumns() {
        MarkdownTable table = new MarkdownTable("a", "b");

        assertTrue(assertThrows(IllegalArgumentException.class, () -> table.row("x")).getMessage()
                .contains("a row of 1 cells in a table of 2 columns"));
        assertThrows(IllegalArgumentException.class, MarkdownTable::new);
    }
}
