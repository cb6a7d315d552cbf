package io.cardeck.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Route classes x roles, and every way a credential can be wrong, decided without a database. */
class AccessControlTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ApiKey ADMIN = ApiKey.generate(RANDOM);
    private static final ApiKey PREDICT = ApiKey.generate(RANDOM);
    private static final ApiKey READ = ApiKey.generate(RANDOM);
    private static final ApiKey METRICS = ApiKey.generate(RANDOM);
    private static final Map<ApiKey, AccessControl.Holder> ISSUED = Map.of(
            ADMIN, new AccessControl.Holder("ops", Role.ADMIN),
            PREDICT, new AccessControl.Holder("app", Role.PREDICT),
            READ, new AccessControl.Holder("dashboard", Role.READ),
            METRICS, new AccessControl.Holder("prometheus", Role.METRICS));

    private final AccessControl access = new AccessControl(key -> Optional.ofNullable(ISSUED.get(key)));

    @ParameterizedTest(name = "{0} {1}: admin {2}, predict {3}, read {4}, metrics {5}")
    @CsvSource({
            "GET,    /api/models,                   200, 403, 200, 403",
            "GET,    /api/events,                   200, 403, 200, 403",
            "GET,    /api/evaluations,              200, 403, 200, 403",
            "POST,   /api/models,                   200, 403, 403, 403",
            "POST,   /api/prune-jobs,               200, 403, 403, 403",
            "POST,   /api/prune-jobs/x/cancel,      200, 403, 403, 403",
            "DELETE, /api/decks/deck1,              200, 403, 403, 403",
            "GET,    /api/admin/dead-letters,       200, 403, 403, 403",
            "POST,   /api/admin/dead-letters/x/replay, 200, 403, 403, 403",
            "POST,   /v2/models/deck1/infer,        200, 200, 403, 403",
            "GET,    /v2/models/deck1,              200, 200, 403, 403",
            "GET,    /q/openapi,                    200, 403, 403, 403",
            "GET,    /q/metrics,                    200, 403, 403, 200",
            "GET,    /,                             200, 403, 403, 403",
            "HEAD,   /q/metrics,                    200, 403, 403, 200",
            "POST,   /q/metrics,                    200, 403, 403, 403",
            "GET,    /q/metrics/x,                  200, 403, 403, 403"})
    void eachRoleReachesItsRoutesOnly(String method, String path, int admin, int predict, int read, int metrics) {
        assertEquals(admin, status(access.decide(method, path, "Bearer " + ADMIN.reveal(), null)));
        assertEquals(predict, status(access.decide(method, path, "Bearer " + PREDICT.reveal(), null)));
        assertEquals(read, status(access.decide(method, path, null, READ.reveal())));
        assertEquals(metrics, status(access.decide(method, path, "Bearer " + METRICS.reveal(), null)));
        assertEquals(401, status(access.decide(method, path, null, null)));
    }

    @Test
    void healthAnswersWithoutACredential() {
        assertEquals(200, status(access.decide("GET", "/q/health/ready", null, null)));
        assertEquals(200, status(access.decide("GET", "/q/health", null, null)));
        assertEquals(401, status(access.decide("GET", "/q/healthy", null, null)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET,  /dashboard",
            "GET,  /dashboard/",
            "GET,  /dashboard/index.html",
            "HEAD, /dashboard/dashboard.js",
            "GET,  /webjars/echarts/dist/echarts.min.js"})
    void theDashboardsFilesAnswerWithoutACredential(String method, String path) {
        assertEquals(200, status(access.decide(method, path, null, null)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "POST,   /dashboard/",
            "PUT,    /dashboard/index.html",
            "DELETE, /webjars/echarts/dist/echarts.min.js",
            "GET,    /dashboards",
            "GET,    /webjarsx/echarts.js",
            "GET,    /api/dashboard"})
    void onlyReadsOfTheDashboardsFilesArePublic(String method, String path) {
        assertEquals(401, status(access.decide(method, path, null, null)));
    }

    @Test
    void aForbiddenAnswerNamesTheKeyAndTheRolesThatWouldDo() {
        AccessDecision.Forbidden refused = assertInstanceOf(AccessDecision.Forbidden.class,
                access.decide("POST", "/api/decks", "Bearer " + READ.reveal(), null));
        assertEquals("the key 'dashboard' has role read, which does not permit POST /api/decks (needs admin)", refused.reason());
    }

    @Test
    void everyWrongCredentialIsUnauthenticatedWithTheReason() {
        assertReason("an API key is required", access.decide("GET", "/api/models", null, null));
        assertReason("Authorization must be 'Bearer <API key>', not the Basic scheme",
                access.decide("GET", "/api/models", "Basic dXNlcjpwYXNz", null));
        assertReason("the credential is not an API key: an API key is 'cdk_' followed by 43",
                access.decide("GET", "/api/models", "Bearer secret", null));
        assertReason("the credential is not an API key", access.decide("GET", "/api/models", null, "cdk_123"));
        assertReason("Authorization and X-API-Key carry different keys",
                access.decide("GET", "/api/models", "Bearer " + ADMIN.reveal(), READ.reveal()));
        ApiKey unknown = ApiKey.generate(RANDOM);
        AccessDecision decision = access.decide("GET", "/api/models", "Bearer " + unknown.reveal(), null);
        assertReason("the API key " + unknown.shownPrefix() + "... is unknown or revoked", decision);
        assertFalse(((AccessDecision.Unauthenticated) decision).reason().contains(unknown.reveal()));
    }

    @Test
    void theSameKeyInBothHeadersAndABearerOfAnyCaseAreAccepted() {
        assertEquals(200, status(access.decide("GET", "/api/models", "Bearer " + READ.reveal(), READ.reveal())));
        assertEquals(200, status(access.decide("GET", "/api/models", "bearer " + READ.reveal(), null)));
    }

    @Test
    void rolesParseFromTheirLabelsOnly() {
        assertEquals(Role.PREDICT, Role.parse("predict"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Role.parse("root"));
        assertEquals("role must be one of admin, predict, read, metrics, got 'root'", refused.getMessage());
    }

    private static void assertReason(String expectedStart, AccessDecision decision) {
        AccessDecision.Unauthenticated refused = assertInstanceOf(AccessDecision.Unauthenticated.class, decision);
        assertTrue(refused.reason().startsWith(expectedStart), refused.reason());
    }

    private static int status(AccessDecision decision) {
        if (decision instanceof AccessDecision.Unauthenticated) {
            return 401;
        }
        return decision instanceof AccessDecision.Forbidden ? 403 : 200;
    }
}
