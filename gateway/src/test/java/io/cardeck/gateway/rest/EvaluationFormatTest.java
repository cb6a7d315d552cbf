package io.cardeck.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.gateway.client.EvaluationStatus;
import io.cardeck.gateway.client.EvaluationView;
import io.cardeck.gateway.service.InvalidInputException;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationFormatTest {

    private static EvaluationView evaluation(List<EvaluationView.EvaluationCell> cells) {
        return new EvaluationView("7d1f0c9e-0000-4000-8000-000000000001", "5a0c7e2b-0000-4000-8000-000000000002",
                EvaluationStatus.SUCCEEDED, "fashion-mnist", 100, 0.9, 0.7, null, 0.05, 0.3, 1000L, 500L, 0.2, 5000.0, null,
                null, null, cells, null);
    }

    @Test
    void csvHasTheReportColumnsAndOneRowPerCell() {
        String csv = EvaluationFormat.csv(evaluation(List.of(
                new EvaluationView.EvaluationCell("gaussian_noise", 1, 100, 0.81),
                new EvaluationView.EvaluationCell("gaussian_noise", 2, 100, 0.625),
                new EvaluationView.EvaluationCell("fog", 5, 100, 1.0 / 3))));
        assertEquals(List.of("model,corruption,severity,images,accuracy",
                "5a0c7e2b-0000-4000-8000-000000000002,gaussian_noise,1,100,0.810000",
                "5a0c7e2b-0000-4000-8000-000000000002,gaussian_noise,2,100,0.625000",
                "5a0c7e2b-0000-4000-8000-000000000002,fog,5,100,0.333333"), csv.lines().toList());
    }

    @Test
    void anEvaluationWithoutCellsIsTheHeaderAlone() {
        assertEquals("model,corruption,severity,images,accuracy\n", EvaluationFormat.csv(evaluation(null)));
        assertEquals("model,corruption,severity,images,accuracy\n", EvaluationFormat.csv(evaluation(List.of())));
    }

    @Test
    void theFormatParameterWinsOverTheAcceptHeader() {
        List<MediaType> json = List.of(MediaType.APPLICATION_JSON_TYPE);
        assertEquals(EvaluationFormat.CSV, EvaluationFormat.of("csv", json));
        assertEquals(EvaluationFormat.CSV, EvaluationFormat.of(" CSV ", json));
        assertEquals(EvaluationFormat.JSON, EvaluationFormat.of("json", List.of(EvaluationFormat.CSV_TYPE)));
    }

    @Test
    void otherwiseTheMostWantedAcceptedTypeDecides() {
        assertEquals(EvaluationFormat.CSV, EvaluationFormat.of(null, List.of(EvaluationFormat.CSV_TYPE)));
        assertEquals(EvaluationFormat.CSV, EvaluationFormat.of(null, List.of(MediaType.valueOf("text/*"))));
        assertEquals(EvaluationFormat.CSV, EvaluationFormat.of(null, List.of(MediaType.TEXT_HTML_TYPE, EvaluationFormat.CSV_TYPE,
                MediaType.APPLICATION_JSON_TYPE)));
        assertEquals(EvaluationFormat.JSON, EvaluationFormat.of(null, List.of(MediaType.APPLICATION_JSON_TYPE,
                EvaluationFormat.CSV_TYPE)));
        assertEquals(EvaluationFormat.JSON, EvaluationFormat.of(null, List.of(MediaType.WILDCARD_TYPE)));
        assertEquals(EvaluationFormat.JSON, EvaluationFormat.of(null, List.of()));
    }

    @Test
    void anUnknownFormatIsRefusedSayingWhatIsAccepted() {
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> EvaluationFormat.of("xml", List.of(MediaType.WILDCARD_TYPE)));
        assertTrue(refused.getMessage().startsWith("format 'xml' is not accepted; accepted: json, csv"), refused.getMessage());
    }
}
