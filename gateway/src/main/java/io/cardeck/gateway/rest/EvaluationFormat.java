package io.cardeck.gateway.rest;

import io.cardeck.gateway.client.EvaluationView;
import io.cardeck.gateway.service.InvalidInputException;
import io.cardeck.metrics.CellsCsv;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * How an evaluation is answered: JSON, or CSV with one row per corruption x severity cell
 * ({@link CellsCsv}'s columns, the model's id in the model column), chosen by {@code ?format=}
 * or else by the Accept header.
 */
enum EvaluationFormat {
    JSON,
    CSV;

    static final MediaType CSV_TYPE = MediaType.valueOf(CellsCsv.MEDIA_TYPE);

    /**
     * @param format the {@code format} query parameter, which wins over {@code accepted} when given
     * @param accepted the Accept header's types, most wanted first
     * @throws InvalidInputException when {@code format} is neither json nor csv
     */
    static EvaluationFormat of(String format, List<MediaType> accepted) {
        if (format != null) {
            return switch (format.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "json" -> JSON;
                case "csv" -> CSV;
                default -> throw new InvalidInputException("format '" + format + "' is not accepted; accepted: json, csv"
                        + " (or leave it out and send Accept: application/json or " + CellsCsv.MEDIA_TYPE + ")");
            };
        }
        for (MediaType type : accepted) {
            if (type.isWildcardType() || type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return JSON;
            }
            if (type.isCompatible(CSV_TYPE)) {
                return CSV;
            }
        }
        return JSON;
    }

    /** The header row, then one row per cell in the evaluation's order. */
    static String csv(EvaluationView evaluation) {
        StringBuilder text = new StringBuilder(CellsCsv.HEADER).append('\n');
        if (evaluation.cells() != null) {
            for (EvaluationView.EvaluationCell cell : evaluation.cells()) {
                text.append(CellsCsv.row(evaluation.modelId(), cell.corruption(), cell.severity(), cell.count(),
                        cell.accuracy())).append('\n');
            }
        }
        return text.toString();
    }
}
