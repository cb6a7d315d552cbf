package io.cardeck.pruning.allocation.dsa;

import io.cardeck.pruning.InvalidParameterException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A DSA allocation function: element-wise operators on a layer's scores, one reduction to a
 * number, then scalar transforms. Written as nested calls on {@code scores}, innermost first:
 * {@code asin(atan(var(abslog(scores))))} is the official code's {@code W:(ABSLOG)-(VAR)-(ATAN,ASIN)}.
 * Operator names that exist on both sides (abs, log, exp, sigmoid, tanh) mean the element-wise
 * operator below the reduction and the scalar one above it.
 *
 * @param elementwise applied first, in order
 * @param reduction   the scores to one number
 * @param transforms  applied to that number, in order
 */
public record AllocationExpression(List<ElementOperator> elementwise, Reduction reduction, List<ScalarOperator> transforms) {

    /** The longest expression text accepted. */
    public static final int MAX_LENGTH = 400;
    /** The most operators an expression may chain. */
    public static final int MAX_OPERATORS = 12;
    /** The name of a layer's scores in an expression. */
    public static final String SCORES = "scores";

    public AllocationExpression {
        elementwise = List.copyOf(elementwise);
        Objects.requireNonNull(reduction, "reduction");
        transforms = List.copyOf(transforms);
    }

    /**
     * @throws InvalidParameterException naming the position (1-based) of what does not parse and
     *     what is accepted there
     */
    public static AllocationExpression parse(String text) {
        return new Parser(text).parse();
    }

    /** The layer's number: NaN or infinite when the function is undefined on these scores. */
    public double evaluate(float[] scores) {
        double[] x = new double[scores.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = scores[i];
        }
        for (ElementOperator operator : elementwise) {
            x = operator.apply(x);
        }
        double value = reduction.apply(x);
        for (ScalarOperator operator : transforms) {
            value = operator.apply(value);
        }
        return value;
    }

    /** Operators in the chain. */
    public int size() {
        return elementwise.size() + 1 + transforms.size();
    }

    /** The canonical text: what {@link #parse} reads back to an equal expression. */
    @Override
    public String toString() {
        String text = SCORES;
        for (ElementOperator operator : elementwise) {
            text = operator.label() + "(" + text + ")";
        }
        text = reduction.label() + "(" + text + ")";
        for (ScalarOperator operator : transforms) {
            text = operator.label() + "(" + text + ")";
        }
        return text;
    }

    static String accepted() {
        return "element-wise: " + labels(ElementOperator.values()) + "; reductions: " + labels(Reduction.values())
                + "; transforms: " + labels(ScalarOperator.values());
    }

    private static String labels(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }

    /** Recursive descent over {@code name(expression) | scores}. */
    private static final class Parser {

        private final String text;
        private int at;

        private Parser(String text) {
            this.text = text;
        }

        private record Call(String name, int position) {}

        AllocationExpression parse() {
            if (text == null || text.isBlank()) {
                throw error(1, "the expression is empty; write e.g. 'atan(var(abslog(scores)))'");
            }
            if (text.length() > MAX_LENGTH) {
                throw error(MAX_LENGTH + 1, "the expression is longer than " + MAX_LENGTH + " characters");
            }
            List<Call> outerFirst = new ArrayList<>();
            while (true) {
                skipSpaces();
                int start = at;
                String name = identifier();
                if (name.isEmpty()) {
                    throw error(start + 1, (at < text.length() ? "unexpected '" + text.charAt(at) + "'" : "the expression ends")
                            + " where an operator or '" + SCORES + "' was expected");
                }
                if (name.equals(SCORES)) {
                    break;
                }
                Call call = new Call(name, start + 1);
                String upper = name.toUpperCase(Locale.ROOT);
                if (!isOne(ElementOperator.values(), upper) && !isOne(Reduction.values(), upper)
                        && !isOne(ScalarOperator.values(), upper)) {
                    throw unknown(call);
                }
                outerFirst.add(call);
                if (outerFirst.size() > MAX_OPERATORS) {
                    throw error(start + 1, "more than " + MAX_OPERATORS + " operators");
                }
                skipSpaces();
                expect('(');
            }
            for (int i = 0; i < outerFirst.size(); i++) {
                skipSpaces();
                expect(')');
            }
            skipSpaces();
            if (at < text.length()) {
                throw error(at + 1, "unexpected '" + text.charAt(at) + "' after the end of the expression");
            }
            List<Call> innerFirst = new ArrayList<>(outerFirst);
            java.util.Collections.reverse(innerFirst);
            return typed(innerFirst);
        }

        /** Element-wise operators until the reduction, then scalar ones. */
        private AllocationExpression typed(List<Call> innerFirst) {
            List<ElementOperator> elementwise = new ArrayList<>();
            Reduction reduction = null;
            List<ScalarOperator> transforms = new ArrayList<>();
            for (Call call : innerFirst) {
                String upper = call.name().toUpperCase(Locale.ROOT);
                if (reduction == null) {
                    if (isOne(ElementOperator.values(), upper)) {
                        elementwise.add(ElementOperator.valueOf(upper));
                    } else if (isOne(Reduction.values(), upper)) {
                        reduction = Reduction.valueOf(upper);
                    } else {
                        throw error(call.position(), "'" + call.name() + "' transforms one number, but its argument is"
                                + " still the layer's scores; reduce them first with one of " + labels(Reduction.values()));
                    }
                } else if (isOne(ScalarOperator.values(), upper)) {
                    transforms.add(ScalarOperator.valueOf(upper));
                } else {
                    throw error(call.position(), "'" + call.name() + "' works on the layer's scores, but its argument is"
                            + " already one number; above the reduction only transforms apply: "
                            + labels(ScalarOperator.values()));
                }
            }
            if (reduction == null) {
                throw error(1, "the expression never reduces the scores to one number per layer; wrap it in one of "
                        + labels(Reduction.values()));
            }
            return new AllocationExpression(elementwise, reduction, transforms);
        }

        private InvalidParameterException unknown(Call call) {
            return error(call.position(), "'" + call.name() + "' is neither an operator nor '" + SCORES + "'; accepted: "
                    + accepted() + ", applied to '" + SCORES + "'");
        }

        private static boolean isOne(Enum<?>[] values, String name) {
            return Arrays.stream(values).anyMatch(v -> v.name().equals(name));
        }

        private String identifier() {
            int start = at;
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                at++;
            }
            return text.substring(start, at).toLowerCase(Locale.ROOT);
        }

        private void expect(char wanted) {
            if (at >= text.length() || text.charAt(at) != wanted) {
                throw error(at + 1, "expected '" + wanted + "' but " + (at < text.length() ? "found '" + text.charAt(at) + "'"
                        : "the expression ends"));
            }
            at++;
        }

        private void skipSpaces() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private InvalidParameterException error(int position, String problem) {
            return new InvalidParameterException("allocation.expression: at position " + position + ": " + problem
                    + " (in '" + (text == null ? "" : text) + "')");
        }
    }
}
