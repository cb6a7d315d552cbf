package io.cardeck.access;

import java.util.Optional;
import java.util.function.Function;

/**
 * Decides a request from its method, path and credential headers: which permission the route needs
 * ({@link RoutePermissions}), which key is presented ({@link PresentedCredential}), and that key's role.
 */
public final class AccessControl {

    /** A key that is issued and not revoked. */
    public record Holder(String name, Role role) {
    }

    private final Function<ApiKey, Optional<Holder>> holders;

    /** @param holders the holder of an active key, empty for an unknown or revoked one */
    public AccessControl(Function<ApiKey, Optional<Holder>> holders) {
        this.holders = holders;
    }

    /** @param authorization the {@code Authorization} header, null when absent; likewise {@code apiKeyHeader} */
    public AccessDecision decide(String method, String path, String authorization, String apiKeyHeader) {
        Optional<Permission> required = RoutePermissions.required(method, path);
        if (required.isEmpty()) {
            return new AccessDecision.Allowed(null);
        }
        Optional<ApiKey> key;
        try {
            key = PresentedCredential.read(authorization, apiKeyHeader);
        } catch (InvalidApiKeyException e) {
            return new AccessDecision.Unauthenticated(e.getMessage());
        }
        if (key.isEmpty()) {
            return new AccessDecision.Unauthenticated("an API key is required: send 'Authorization: Bearer <key>'"
                    + " (or 'X-API-Key: <key>'); an admin creates keys with `cardeck keys create`");
        }
        Optional<Holder> holder = holders.apply(key.get());
        if (holder.isEmpty()) {
            return new AccessDecision.Unauthenticated("the API key " + key.get() + " is unknown or revoked");
        }
        Permission permission = required.get();
        if (!holder.get().role().permits(permission)) {
            return new AccessDecision.Forbidden("the key '" + holder.get().name() + "' has role "
                    + holder.get().role().label() + ", which does not permit " + method + " " + path + " (needs "
                    + rolesFor(permission) + ")");
        }
        return new AccessDecision.Allowed(holder.get().name());
    }

    private static String rolesFor(Permission permission) {
        StringBuilder roles = new StringBuilder();
        for (Role role : Role.values()) {
            if (role.permits(permission)) {
                roles.append(roles.length() == 0 ? "" : " or ").append(role.label());
            }
        }
        return roles.toString();
    }
}
