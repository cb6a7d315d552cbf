package io.cardeck.access;

import java.util.Optional;

/**
 * The permission each route of the gateway needs. Health answers everyone (probes carry no
 * credential), and so do reads of the dashboard's static files and the script libraries it loads
 * (they hold no data: the pages call the API with the user's key); inference needs PREDICT; reading
 * the API needs READ; reading the metrics page needs METRICS; every other request (writes, deletes,
 * the operator's API under /api/admin, and the operator's pages such as OpenAPI) needs MANAGE, so a
 * route added later is closed until it is placed here.
 */
public final class RoutePermissions {

    private RoutePermissions() {
    }

    /** Where the dashboard's pages are served from (the gateway's {@code META-INF/resources/dashboard}). */
    public static final String DASHBOARD = "/dashboard";
    /** Where the script libraries of the dashboard (webjars such as ECharts) are served from. */
    public static final String WEBJARS = "/webjars";
    /** Quarkus' metrics page, in Prometheus' format. */
    public static final String METRICS = "/q/metrics";

    /**
     * Empty for a public route.
     *
     * @param path the path as routed: normalised (no dot segments, no doubled slashes), so that a path that
     *             only looks like a public one is decided as the route it reaches
     */
    public static Optional<Permission> required(String method, String path) {
        if (under(path, "/q/health")) {
            return Optional.empty();
        }
        if (under(path, "/v2")) {
            return Optional.of(Permission.PREDICT);
        }
        if (under(path, "/api/admin")) {
            // The operator's API (dead letters): its reads show raw messages of every job.
            return Optional.of(Permission.MANAGE);
        }
        boolean reads = method.equals("GET") || method.equals("HEAD");
        if (reads && path.equals(METRICS)) {
            return Optional.of(Permission.METRICS);
        }
        if (reads && (under(path, DASHBOARD) || under(path, WEBJARS))) {
            return Optional.empty();
        }
        if (reads && path.startsWith("/api/")) {
            return Optional.of(Permission.READ);
        }
        return Optional.of(Permission.MANAGE);
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
