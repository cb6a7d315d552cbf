package io.cardeck.platform.deployment;

import java.util.Collection;

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

    /** Every password variable the service reads is given: its default, none, suits only the local trust-authenticated PostgreSQL. */
    static void checkSecretsGiven(Problems problems, String where, ServiceSettings service, Collection<String> names) {
        service.referencedNames().stream()
                .filter(name -> isSecret(name) && !names.contains(name))
                .forEach(name -> problems.add(where, service.module() + " is not given " + name));
    }

    /** A variable whose value must not be written in a deployment file. */
    static boolean isSecret(String name) {
        return name.contains("PASSWORD");
    }
}
