package io.cardeck.pruning.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.pruning.PruningParameters;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schema (2020-12) of a parameter record, from the same annotations that
 * {@link io.cardeck.pruning.PruningParameters} checks: descriptions, required parameters, defaults,
 * ranges and the values of enumerations. Unknown parameters are not allowed.
 */
public final class ParameterSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaGenerator GENERATOR = generator();
    private static final Map<Class<?>, ObjectNode> CACHE = new ConcurrentHashMap<>();

    private ParameterSchemas() {}

    /** A fresh copy of the schema of {@code parameters}. */
    public static ObjectNode of(Class<? extends Record> parameters) {
        // Through JSON once: object and list defaults come from the generator as POJO nodes, which a
        // reader of the schema (or a schema read back from JSON) could not walk into or compare.
        return CACHE.computeIfAbsent(parameters, type -> JSON.valueToTree(GENERATOR.generateSchema(type))).deepCopy();
    }

    private static SchemaGenerator generator() {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(JSON, SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON)
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
                .with(new JacksonModule(JacksonOption.RESPECT_JSONPROPERTY_REQUIRED,
                        JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY))
                .with(new JakartaValidationModule(JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS));
        config.forFields().withDefaultResolver(field -> field.isFakeContainerItemScope() ? null
                : PruningParameters.declaredDefault(field.getAnnotationConsideringFieldAndGetter(JsonProperty.class)));
        return new SchemaGenerator(config.build());
    }
}
