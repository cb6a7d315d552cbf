package io.cardeck.gateway.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.cardeck.access.ApiKey;
import io.cardeck.access.ApiKeyStore;
import io.cardeck.access.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * API keys at the gateway, with keys issued into its database as `cardeck keys create` does: 401
 * without a valid key, 403 with the wrong role, through with the right one, for each class of
 * route; and what the table keeps of a key.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class AccessIT {

    StandInPruner pruner;

    @Inject
    ApiKeyStore keys;

    @Inject
    AgroalDataSource dataSource;

    private ApiKey admin;
    private ApiKey predict;
    private ApiKey read;
    private ApiKey metrics;

    @BeforeEach
    void issueKeys() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        admin = keys.create("ops-" + suffix, Role.ADMIN).key();
        predict = keys.create("app-" + suffix, Role.PREDICT).key();
        read = keys.create("dashboard-" + suffix, Role.READ).key();
        metrics = keys.create("prometheus-" + suffix, Role.METRICS).key();
    }

    /**
     * One route of each class; a status other than 401 and 403 shows the request got through (the
     * ensemble-service and evaluator-service are down in these tests: 503).
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET,    /api/models,                    read",
            "GET,    /api/pruning-methods,           read",
            "GET,    /api/evaluations,               read",
            "GET,    /api/decks,                     read",
            "GET,    /api/datasets/fashion-mnist/images/0, read",
            "POST,   /api/prune-jobs,                admin",
            "PUT,    /api/models/123e4567-e89b-12d3-a456-426614174000/card, admin",
            "POST,   /api/decks,                     admin",
            "DELETE, /api/decks/deck1,               admin",
            "POST,   /v2/models/deck1/infer,         predict",
            "GET,    /v2/models/deck1,               predict",
            "GET,    /q/openapi,                     admin",
            "GET,    /q/metrics,                     metrics"})
    void eachRouteAnswersItsRolesOnly(String method, String path, String needed) {
        given().request(method, path).then()
                .statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"cardeck\""))
                .contentType("application/json")
                .body("error", startsWith("an API key is required: send 'Authorization: Bearer <key>'"));
        for (Role role : Role.values()) {
            int status = as(keyOf(role)).contentType("application/json").body("{}").request(method, path)
                    .then().extract().statusCode();
            if (role == Role.ADMIN || role.label().equals(needed)) {
                assertTrue(status != 401 && status != 403, role + " got " + status + " on " + method + " " + path);
            } else {
                assertEquals(403, status, role.label() + " on " + method + " " + path);
            }
        }
    }

    @Test
    void theConfiguredMetricsKeyReadsTheMetricsOnly() {
        given().header("Authorization", "Bearer " + TestKeys.METRICS).get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("cardeck_outbox_unsent_events"));
        given().header("Authorization", "Bearer " + TestKeys.METRICS).get("/api/models").then()
                .statusCode(403)
                .body("error", startsWith("the key 'configured-metrics' has role metrics, which does not permit GET /api/models"));
    }

    @Test
    void aWrongRoleIs403SayingWhatIsNeeded() {
        as(read).contentType("application/json").body("{}").post("/api/prune-jobs").then()
                .statusCode(403)
                .contentType("application/json")
                .body("error", startsWith("the key 'dashboard-"))
                .body("error", endsWith("has role read, which does not permit POST /api/prune-jobs"
                        + " (needs admin)"));
    }

    @Test
    void theEventStreamNeedsAReadKey() {
        given().get("/api/events").then().statusCode(401).body("error", startsWith("an API key is required"));
        as(predict).get("/api/events").then().statusCode(403);
    }

    @Test
    void aReadKeyGetsTheRegistryAndXApiKeyWorksLikeBearer() {
        String id = pruner.register("readable");
        as(read).get("/api/models/" + id).then().statusCode(200).body("id", equalTo(id));
        given().header("X-API-Key", read.reveal()).get("/api/models/" + id).then().statusCode(200);
        given().header("X-API-Key", predict.reveal()).get("/api/models/" + id).then().statusCode(403);
    }

    @Test
    void healthAnswersWithoutAKey() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void theDashboardsFilesAnswerWithoutAKey() {
        given().get("/dashboard/").then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("<title>cardeck dashboard</title>"));
        given().get("/dashboard/dashboard.js").then().statusCode(200);
        given().get("/webjars/echarts/dist/echarts.min.js").then().statusCode(200).body(containsString("echarts"));
        given().contentType("application/json").body("{}").post("/dashboard/").then().statusCode(401);
    }

    /**
     * A path that starts like a public one but leads elsewhere once its dot segments are resolved is
     * decided as where it leads (sent over a raw socket, as HTTP clients resolve dot segments themselves).
     */
    @ParameterizedTest
    @CsvSource({"/dashboard/../api/models", "/dashboard/%2e%2e/api/models", "/webjars/../q/openapi",
            "/q/health/../../api/models"})
    void dotSegmentsCannotLeadFromAPublicPathToAnother(String path) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertEquals("HTTP/1.1 401 Unauthorized", statusLine, path);
        }
    }

    @Test
    void theConfiguredAdminKeyIsAccepted() {
        given().header("Authorization", TestKeys.ADMIN_BEARER).get("/api/models").then().statusCode(200);
    }

    @Test
    void aRevokedKeyIs401() {
        ApiKeyStore.IssuedKey issued = keys.create("short-lived-" + UUID.randomUUID().toString().substring(0, 8), Role.READ);
        as(issued.key()).get("/api/models").then().statusCode(200);
        assertTrue(keys.revoke(issued.stored().name()).isPresent());
        as(issued.key()).get("/api/models").then()
                .statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"cardeck\", error=\"invalid_token\""))
                .body("error", equalTo("the API key " + issued.key().shownPrefix() + "... is unknown or revoked"));
    }

    @Test
    void malformedCredentialsAre401WithTheReason() {
        given().header("Authorization", "Basic dXNlcjpwYXNz").get("/api/models").then()
                .statusCode(401)
                .body("error", equalTo("Authorization must be 'Bearer <API key>', not the Basic scheme"));
        given().header("Authorization", "Bearer hunter2").get("/api/models").then()
                .statusCode(401)
                .body("error", startsWith("the credential is not an API key: an API key is 'cdk_' followed by 43"));
        given().header("X-API-Key", "cdk_short").get("/api/models").then()
                .statusCode(401)
                .body("error", startsWith("the credential is not an API key"));
        given().header("Authorization", "Bearer " + read.reveal()).header("X-API-Key", admin.reveal())
                .get("/api/models").then()
                .statusCode(401)
                .body("error", equalTo("Authorization and X-API-Key carry different keys; send one"));
        given().header("Authorization", "Bearer " + ApiKey.generate(new SecureRandom()).reveal())
                .get("/api/models").then()
                .statusCode(401)
                .body("error", endsWith("is unknown or revoked"));
    }

    @Test
    void aRefusedUploadIsNotRead() {
        given().multiPart("file", "model.onnx", new byte[4096], "application/octet-stream").post("/api/models").then()
                .statusCode(401);
        as(read).multiPart("file", "model.onnx", new byte[4096], "application/octet-stream").post("/api/models").then()
                .statusCode(403);
        // The connection pool's next request is served as usual.
        as(read).get("/api/models").then().statusCode(200);
    }

    @Test
    void theTableKeepsTheHashNeverTheKey() throws SQLException {
        String stored = everyStoredValue();
        for (ApiKey key : new ApiKey[] {admin, predict, read, metrics}) {
            assertFalse(stored.contains(key.reveal()), "the table holds a plain key");
            assertFalse(stored.contains(key.reveal().substring(ApiKey.PREFIX.length())), "the table holds a key's secret part");
            assertTrue(stored.contains(key.hash()), "the key's SHA-256 is stored");
            assertNotEquals(key.reveal(), key.hash());
        }
        assertFalse(stored.contains(TestKeys.ADMIN), "the configured admin key is not stored");
    }

    /** Every column of every row of api_keys, as text. */
    private String everyStoredValue() throws SQLException {
        StringBuilder values = new StringBuilder();
        try (Connection connection = dataSource.getConnection();
             Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT * FROM api_keys")) {
            ResultSetMetaData columns = rows.getMetaData();
            while (rows.next()) {
                for (int column = 1; column <= columns.getColumnCount(); column++) {
                    values.append(rows.getString(column)).append('\n');
                }
            }
        }
        return values.toString();
    }

    private ApiKey keyOf(Role role) {
        return switch (role) {
            case ADMIN -> admin;
            case PREDICT -> predict;
            case READ -> read;
            case METRICS -> metrics;
        };
    }

    private static RequestSpecification as(ApiKey key) {
        return given().header("Authorization", "Bearer " + key.reveal());
    }
}
