package io.cardeck.platform.deployment;

import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/** Rules for the variables given to a service, the same in compose and Kubernetes. */
final class EnvironmentRules {

    private EnvironmentRules() {}

    /** Every variable given is one the service reads. */
    static void checkAccepted(Problems problems, String where, ServiceSettings service, Collection<String> names) {
        for (String name : names) {
            if (!service.accepts(name)) {
                problems.add(where, service.module() + " is given " + name + ", which configures nothing of it (no ${" + name
                        + "} in its application.properties, and no property of it whose environment name it is)");
            }
        }
    }

    /**
     * Settings without which a service runs unauthenticated (it says so at startup), given to every
     * service that has them: its Kafka login and the platform's service credential (docs/security.md).
     */
    static final List<String> REQUIRED_SECRETS = List.of("cardeck.kafka.password", "cardeck.service.credential");

    /**
     * Every password variable the service reads is given (its default, none, suits only the local
     * trust-authenticated PostgreSQL), and so is each of {@link #REQUIRED_SECRETS} it has.
     */
    static void checkSecretsGiven(Problems problems, String where, ServiceSettings service, Collection<String> names) {
        Stream.concat(service.referencedNames().stream().filter(EnvironmentRules::isSecret),
                        REQUIRED_SECRETS.stream().filter(service.properties()::contains).map(ServiceSettings::environmentName))
                .distinct()
                .filter(name -> !names.contains(name))
                .forEach(name -> problems.add(where, service.module() + " is not given " + name));
    }

    /** A variable whose value must not be written in a deployment file: a password, a credential, an API key. */
    static boolean isSecret(String name) {
        return name.contains("PASSWORD") || name.contains("CREDENTIAL") || name.endsWith("_KEY");
    }
}
