package io.cardeck.pruning.allocation.dsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.catalog.MethodCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllocationExpressionTest {

    @Test
    void theOfficialGraphStringReadsAsNestedCallsInnermostFirst() {
        // W:(ABSLOG)-(VAR)-(ATAN,ASIN) in lliai/DSA
        AllocationExpression expression = AllocationExpression.parse("asin( ATAN(var(abslog(scores))) )");
        assertEquals(List.of(ElementOperator.ABSLOG), expression.elementwise());
        assertEquals(Reduction.VAR, expression.reduction());
        assertEquals(List.of(ScalarOperator.ATAN, ScalarOperator.ASIN), expression.transforms());
        assertEquals("asin(atan(var(abslog(scores))))", expression.toString());
        assertEquals(expression, AllocationExpression.parse(expression.toString()));
    }

    @Test
    void operatorsNamedOnBothSidesOfTheReductionActOnScoresBelowAndOnTheNumberAbove() {
        AllocationExpression expression = AllocationExpression.parse("log(mean(log(scores)))");
        assertEquals(List.of(ElementOperator.LOG), expression.elementwise());
        assertEquals(List.of(ScalarOperator.LOG), expression.transforms());
        float[] scores = {1f, (float) Math.E, 0f, -2f};
        // element-wise log: x <= 0 counts as 1, others log(x + 1e-6)
        double mean = (Math.log(1 + 1e-6) + Math.log(Math.E + 1e-6) + Math.log(1 + 1e-6) + Math.log(1 + 1e-6)) / 4;
        assertEquals(Math.log(mean), expression.evaluate(scores), 1e-6);
    }

    @Test
    void reductionsAndTransformsComputeWhatTheyName() {
        float[] s = {1f, 2f, 3f, 6f};
        assertEquals(3.0, AllocationExpression.parse("mean(scores)").evaluate(s), 1e-12);
        assertEquals(14.0 / 3, AllocationExpression.parse("var(scores)").evaluate(s), 1e-12, "sample variance");
        assertEquals(Math.sqrt(14.0 / 3), AllocationExpression.parse("std(scores)").evaluate(s), 1e-12);
        assertEquals(Math.sqrt(50), AllocationExpression.parse("frobenius(scores)").evaluate(s), 1e-12);
        assertEquals(3.0, AllocationExpression.parse("l1(scores)").evaluate(s), 1e-12);
        assertEquals(Math.pow(36, 0.25), AllocationExpression.parse("geomean(scores)").evaluate(s), 1e-12);
        double entropy = 0;
        for (double v : new double[] {1, 2, 3, 6}) {
            entropy -= v / 12 * Math.log(v / 12);
        }
        assertEquals(entropy, AllocationExpression.parse("entropy(scores)").evaluate(s), 1e-12);
        assertEquals(Math.log1p(Math.exp(3)), AllocationExpression.parse("softplus(mean(scores))").evaluate(s), 1e-12);
        assertEquals(1 / (1 + Math.exp(-3)), AllocationExpression.parse("sigmoid(mean(scores))").evaluate(s), 1e-12);
        assertEquals(0.5, AllocationExpression.parse("mean(mms(scores))").evaluate(new float[] {0f, 1f}), 1e-6);
        assertEquals(0.0, AllocationExpression.parse("mean(normalize(scores))").evaluate(s), 1e-12);
        assertEquals(12.5, AllocationExpression.parse("mean(pow(scores))").evaluate(s), 1e-12);
        assertTrue(Double.isNaN(AllocationExpression.parse("asin(mean(scores))").evaluate(s)), "asin(3) is undefined");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "atan(var(abs(scores)         | at position 21: expected ')' but the expression ends",
        "atan(var(abs(scores))))      | at position 23: unexpected ')' after the end of the expression",
        "atan(var(cube(scores)))      | at position 10: 'cube' is neither an operator nor 'scores'; accepted: element-wise: abs, log, abslog",
        "var(sin(scores))             | at position 5: 'sin' transforms one number, but its argument is still the layer's scores",
        "pow(var(scores))             | at position 1: 'pow' works on the layer's scores, but its argument is already one number",
        "abs(log(scores))             | at position 1: the expression never reduces the scores to one number per layer",
        "mean scores                  | at position 6: expected '(' but found 's'",
        "mean(weights)                | at position 6: 'weights' is neither an operator nor 'scores'",
        "mean(var(scores))            | at position 1: 'mean' works on the layer's scores, but its argument is already one number",
        "'   '                        | at position 1: the expression is empty",
        "mean(-scores)                | at position 6: unexpected '-' where an operator or 'scores' was expected"})
    void anExpressionThatDoesNotParseIsRefusedNamingThePosition(String text, String expected) {
        InvalidParameterException error = assertThrows(InvalidParameterException.class, () -> AllocationExpression.parse(text));
        assertTrue(error.getMessage().startsWith("allocation.expression: " + expected), error.getMessage());
    }

    @Test
    void aRequestWithABadExpressionIsInvalidBeforeAnythingRuns() {
        InvalidParameterException error = assertThrows(InvalidParameterException.class, () -> MethodCatalog.validate("wanda",
                Map.of("sparsity", 0.7, "allocation", Map.of("type", "dsa", "expression", "atan(var(abs(scores)"))));
        assertEquals("wanda: allocation.expression: at position 21: expected ')' but the expression ends"
                + " (in 'atan(var(abs(scores)')", error.getMessage());
    }
}
