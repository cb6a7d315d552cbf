package io.cardeck.access;

import java.util.Optional;

/**
 * The permission each route of the gateway needs. Health answers everyone (probes carry no
 * credential); inference needs PREDICT; reading the API needs READ; every other request (writes,
 * deletes, the operator's API under /api/admin, and the operator's pages such as OpenAPI and metrics)
 * needs MANAGE, so a route added
 * later is closed until it is placed here.
 */
public final class RoutePermissions {

    private RoutePermissions() {
    }

    /** Empty for a public route. */
    public static Optional<Permission> required(String method, String path) {
        if (path.equals("/q/health") || path.startsWith("/q/health/")) {
            return Optional.empty();
        }
        if (path.equals("/v2") || path.startsWith("/v2/")) {
            return Optional.of(Permission.PREDICT);
        }
        if (path.equals("/api/admin") || path.startsWith("/api/admin/")) {
            // The operator's API (dead letters): its reads show raw messages of every job.
            return Optional.of(Permission.MANAGE);
        }
        boolean reads = method.equals("GET") || method.equals("HEAD");
        if (reads && path.startsWith("/api/")) {
            return Optional.of(Permission.READ);
        }
        return Optional.of(Permission.MANAGE);
    }
}
