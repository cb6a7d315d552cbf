package io.cardeck.pruning;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a request's parameter map (JSON values) into a method's typed parameter record. Unknown
 * parameters are rejected; a parameter the method cannot do without is marked
 * {@code @JsonProperty(required = true)} on its record component, the others take defaults in the
 * record's constructor.
 */
public final class PruningParameters {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private PruningParameters() {}

    /**
     * @throws InvalidParameterException naming the method, the parameter and what it accepts
     */
    public static <P extends Record> P parse(String method, Map<String, Object> raw, Class<P> type) {
        try {
            return JSON.convertValue(raw == null ? Map.of() : raw, type);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(method + ": " + describe(e.getCause() != null ? e.getCause() : e, type), e);
        }
    }

    private static String describe(Throwable error, Class<? extends Record> type) {
        String accepted = "accepted parameters: " + Arrays.stream(type.getRecordComponents())
                .map(c -> c.getName() + " (" + c.getType().getSimpleName() + ")")
                .collect(Collectors.joining(", "));
        if (error instanceof UnrecognizedPropertyException unknown) {
            return "unknown parameter '" + unknown.getPropertyName() + "'; " + accepted;
        }
        if (error instanceof ValueInstantiationException invalid && invalid.getCause() != null) {
            return invalid.getCause().getMessage();
        }
        if (error instanceof InvalidFormatException format) {
            return "parameter '" + field(format) + "' cannot be " + format.getValue() + "; " + accepted;
        }
        if (error instanceof MismatchedInputException mismatch) {
            return "parameter '" + field(mismatch) + "' is missing or of the wrong type; " + accepted;
        }
        return error.getMessage();
    }

    private static String field(MismatchedInputException error) {
        return error.getPath().isEmpty() ? "?" : error.getPath().get(error.getPath().size() - 1).getFieldName();
    }
}
