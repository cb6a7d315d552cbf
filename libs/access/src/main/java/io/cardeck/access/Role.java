package io.cardeck.access;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The role an API key is issued with, and what it permits. */
public enum Role {
    /** Everything: managing models, jobs and decks, and reading and predicting too. */
    ADMIN(EnumSet.allOf(Permission.class)),
    /** Inference only, for applications that serve predictions. */
    PREDICT(EnumSet.of(Permission.PREDICT)),
    /** Reading the registry, jobs, evaluations and events, for dashboards and reports. */
    READ(EnumSet.of(Permission.READ)),
    /** The metrics page only, for a scraper (Prometheus): it reads no model, job or data. */
    METRICS(EnumSet.of(Permission.METRICS));

    /** The roles as typed: {@code admin, predict, read, metrics}. */
    public static final String ACCEPTED = Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", "));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    public boolean permits(Permission permission) {
        return permissions.contains(permission);
    }

    /** The name as typed and stored: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted roles */
    public static Role parse(String label) {
        for (Role role : values()) {
            if (role.label().equals(label)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be one of " + ACCEPTED + ", got '" + label + "'");
    }
}
