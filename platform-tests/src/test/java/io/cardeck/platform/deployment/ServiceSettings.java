package io.cardeck.platform.deployment;

import io.smallrye.common.expression.Expression;
import io.smallrye.config.common.utils.StringUtil;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a service reads from its environment, as its own files define it.
 *
 * @param module          the service's module (and its name in compose and Kubernetes)
 * @param httpPort        {@code quarkus.http.port}
 * @param properties      property names: application.properties' keys (without profile) and what
 *                        the compiled classes declare ({@link ConfigMappingProperties}), the
 *                        service's own and those of the shared modules it depends on
 * @param referencedNames the names that application.properties' {@code ${...}} expressions look up,
 *                        environment variables such as {@code CARDECK_DB_URL} among them
 */
record ServiceSettings(String module, int httpPort, Set<String> properties, Set<String> referencedNames) {

    /** Quarkus's port when quarkus.http.port is not set. */
    static final int QUARKUS_DEFAULT_PORT = 8080;

    ServiceSettings {
        properties = Set.copyOf(properties);
        referencedNames = Set.copyOf(referencedNames);
    }

    static ServiceSettings read(String module, Path applicationProperties, List<Path> classes) throws IOException {
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(applicationProperties)) {
            file.load(reader);
        }
        Set<String> properties = new TreeSet<>();
        for (Path directory : classes) {
            properties.addAll(ConfigMappingProperties.declaredIn(directory));
        }
        Set<String> referenced = new TreeSet<>();
        for (String key : file.stringPropertyNames()) {
            properties.add(withoutProfile(key));
            referenced.addAll(expression(file.getProperty(key)).getReferencedStrings());
        }
        String port = file.getProperty("quarkus.http.port");
        return new ServiceSettings(module, port == null ? QUARKUS_DEFAULT_PORT : Integer.parseInt(port.trim()),
                properties, referenced);
    }

    /** Whether application.properties looks this name up itself, as in {@code ${CARDECK_DEVICE:cpu}}. */
    boolean reads(String variable) {
        return referencedNames.contains(variable);
    }

    /**
     * Whether setting this environment variable configures the service: a name its expressions look
     * up, or the environment form of one of its properties (SmallRye maps {@code a.b-c} to {@code A_B_C}).
     */
    boolean accepts(String variable) {
        if (reads(variable)) {
            return true;
        }
        return properties.stream().anyMatch(name -> environmentName(name).equals(variable))
                || referencedNames.stream().anyMatch(name -> environmentName(name).equals(variable));
    }

    static String environmentName(String property) {
        return StringUtil.replaceNonAlphanumericByUnderscores(property).toUpperCase(Locale.ROOT);
    }

    /** The flags SmallRye Config compiles property values with. */
    private static Expression expression(String value) {
        return Expression.compile(value, Expression.Flag.LENIENT_SYNTAX, Expression.Flag.NO_TRIM,
                Expression.Flag.NO_SMART_BRACES, Expression.Flag.DOUBLE_COLON);
    }

    /** {@code %test.a.b} configures {@code a.b} (in the test profile). */
    private static String withoutProfile(String key) {
        return key.startsWith("%") && key.indexOf('.') > 0 ? key.substring(key.indexOf('.') + 1) : key;
    }
}
