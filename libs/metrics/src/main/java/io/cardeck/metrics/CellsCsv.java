package io.cardeck.metrics;

import java.util.Locale;

/**
 * Corruption cells as CSV: one row per model, corruption and severity, with RobustBench's columns
 * where they apply (model, corruption, severity, images, accuracy). {@code cardeck report} writes its
 * cells.csv this way and the gateway answers an evaluation this way, so that their files concatenate.
 */
public final class CellsCsv {

    public static final String MEDIA_TYPE = "text/csv";
    public static final String HEADER = "model,corruption,severity,images,accuracy";

    private CellsCsv() {}

    /** One row, without its line end; {@code null} figures are empty fields (a cell still being evaluated). */
    public static String row(String model, String corruption, Number severity, Number images, Double accuracy) {
        return String.join(",", field(model), field(corruption), severity == null ? "" : severity.toString(),
                images == null ? "" : images.toString(),
                accuracy == null ? "" : String.format(Locale.ROOT, "%.6f", accuracy));
    }

    /** A text field, quoted as RFC 4180 asks when it holds a comma, a quote or a line break. */
    static String field(String text) {
        if (text == null) {
            return "";
        }
        if (text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
