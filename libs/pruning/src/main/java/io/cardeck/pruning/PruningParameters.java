package io.cardeck.pruning;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Turns a request's parameter map (JSON values) into a method's typed parameter record. Each
 * record component declares, once, what it accepts: {@code @JsonProperty(required = true)} for a
 * parameter the method cannot do without, {@code @JsonProperty(defaultValue = ...)} (a JSON value)
 * for the others, Bean Validation constraints ({@code @Min}, {@code @DecimalMax}, ...) for ranges,
 * and {@code @JsonPropertyDescription} for users. The same declarations make the JSON Schema of
 * {@code GET /api/pruning-methods}. A nested record's declared default is an object whose keys a
 * request may override one by one. Checks that relate parameters to each other live in the
 * record's constructor.
 */
public final class PruningParameters {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    /** Writes records without their absent (null) optional parameters. */
    private static final ObjectMapper RECORDED = JsonMapper.builder()
            .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            .build();

    private static final Validator VALIDATOR = validator();

    private PruningParameters() {}

    /**
     * @throws InvalidParameterException naming the method, the parameter and what it accepts
     */
    public static <P extends Record> P parse(String method, Map<String, Object> raw, Class<P> type) {
        P parameters;
        try {
            parameters = JSON.convertValue(withDefaults(raw == null ? Map.of() : raw, type), type);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(method + ": " + describe(e.getCause() != null ? e.getCause() : e, type), e);
        }
        Set<ConstraintViolation<P>> violations = VALIDATOR.validate(parameters);
        if (!violations.isEmpty()) {
            ConstraintViolation<P> first = violations.stream()
                    .min(Comparator.comparing(v -> v.getPropertyPath().toString())).orElseThrow();
            throw new InvalidParameterException(method + ": parameter '" + first.getPropertyPath() + "' "
                    + requirement(first.getConstraintDescriptor().getAnnotation()) + ", got " + first.getInvalidValue());
        }
        return parameters;
    }

    /** The record as a JSON map, defaults included: what a lineage records of the parameters. */
    public static Map<String, Object> toMap(Record parameters) {
        return RECORDED.convertValue(parameters, RECORDED.getTypeFactory().constructMapType(LinkedHashMap.class, String.class,
                Object.class));
    }

    /** The default a parameter's annotation declares, as a JSON value, or null if it declares none. */
    public static Object declaredDefault(JsonProperty property) {
        if (property == null || property.defaultValue().isEmpty()) {
            return null;
        }
        try {
            return JSON.readValue(property.defaultValue(), Object.class);
        } catch (JsonProcessingException e) {
            // A bare word such as global is a string default.
            return property.defaultValue();
        }
    }

    private static Map<String, Object> withDefaults(Map<String, Object> raw, Class<? extends Record> type) {
        Map<String, Object> complete = new LinkedHashMap<>(raw);
        for (RecordComponent component : type.getRecordComponents()) {
            // Annotations on record components reach the accessor (JsonProperty has no RECORD_COMPONENT target).
            Object value = declaredDefault(component.getAccessor().getAnnotation(JsonProperty.class));
            Object given = complete.get(component.getName());
            if (value != null && given == null) {
                complete.put(component.getName(), value);
            } else if (value instanceof Map<?, ?> declared && given instanceof Map<?, ?> asked) {
                // A nested record's declared default is a base that the request's keys override.
                Map<Object, Object> merged = new LinkedHashMap<>(declared);
                merged.putAll(asked);
                complete.put(component.getName(), merged);
            }
            Object nested = complete.get(component.getName());
            if (component.getType().isRecord() && nested instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> inner = (Map<String, Object>) map;
                @SuppressWarnings("unchecked")
                Class<? extends Record> innerType = (Class<? extends Record>) component.getType();
                complete.put(component.getName(), withDefaults(inner, innerType));
            }
        }
        return complete;
    }

    /** What a range constraint asks, in words; the validator's own templates need an expression language. */
    private static String requirement(Annotation constraint) {
        if (constraint instanceof Min min) {
            return "must be greater than or equal to " + min.value();
        }
        if (constraint instanceof Max max) {
            return "must be less than or equal to " + max.value();
        }
        if (constraint instanceof DecimalMin min) {
            return "must be greater than " + (min.inclusive() ? "or equal to " : "") + min.value();
        }
        if (constraint instanceof DecimalMax max) {
            return "must be less than " + (max.inclusive() ? "or equal to " : "") + max.value();
        }
        if (constraint instanceof Size size) {
            return "must have between " + size.min() + " and " + size.max() + " entries";
        }
        if (constraint instanceof NotEmpty) {
            return "must not be empty";
        }
        throw new IllegalStateException("no wording for the constraint " + constraint.annotationType().getSimpleName());
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
        return error.getPath().isEmpty() ? "?" : error.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static Validator validator() {
        // The parameter interpolator needs no expression-language implementation on the class path.
        try (ValidatorFactory factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory()) {
            return factory.getValidator();
        }
    }
}
