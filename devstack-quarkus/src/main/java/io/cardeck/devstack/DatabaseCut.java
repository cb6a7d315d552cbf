package io.cardeck.devstack;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTestProfile.TestResourceEntry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The services' database-outage tests: the service under test reaches PostgreSQL through the
 * {@link TcpProxy} of {@link DevstackTestResource}, which {@link #during} cuts for a while and
 * restores; the machine's PostgreSQL is never touched. Throughout, the service must say so on its
 * health: readiness DOWN for the database, liveness UP.
 */
public final class DatabaseCut {

    /** The readiness check Quarkus adds for every datasource. */
    public static final String DATABASE_CHECK = "Database connections health check";

    /** How long readiness may take to notice that the database went or came back. */
    private static final Duration HEALTH_PATIENCE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(250);

    private DatabaseCut() {
    }

    /** A profile's {@code testResources()}: devstack's broker and database, the database behind the proxy. */
    public static List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DevstackTestResource.class,
                Map.of(DevstackTestResource.DATABASE_THROUGH_PROXY, "true")));
    }

    /**
     * Cuts the database; once readiness reports it DOWN runs {@code whileDown}; keeps it cut until
     * {@code outage} has passed since the cut; checks that readiness is 503 with the database DOWN and
     * liveness 200; then restores it and waits until readiness reports it UP.
     */
    public static void during(TcpProxy database, Duration outage, Runnable whileDown) {
        long cutAt = System.nanoTime();
        database.cut();
        try {
            awaitDatabaseCheck("DOWN");
            whileDown.run();
            long left = outage.toNanos() - (System.nanoTime() - cutAt);
            if (left > 0) {
                Thread.sleep(Duration.ofNanos(left).toMillis());
            }
            assertEquals(Optional.of("DOWN"), databaseCheck(), "readiness says the database is down all through the outage");
            assertEquals(503, given().get("/q/health/ready").statusCode());
            assertEquals(200, given().get("/q/health/live").statusCode(),
                    "a service waiting out the outage is alive: " + given().get("/q/health/live").asString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the database outage", e);
        } finally {
            database.restore();
        }
        awaitDatabaseCheck("UP");
    }

    /** The status of the datasource's readiness check; empty when readiness does not list it. */
    public static Optional<String> databaseCheck() {
        String status = given().get("/q/health/ready").jsonPath()
                .getString("checks.find { it.name == '" + DATABASE_CHECK + "' }.status");
        return Optional.ofNullable(status);
    }

    private static void awaitDatabaseCheck(String status) {
        long deadline = System.nanoTime() + HEALTH_PATIENCE.toNanos();
        while (!databaseCheck().filter(status::equals).isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("readiness did not report the database " + status + " within " + HEALTH_PATIENCE
                        + "; it says " + given().get("/q/health/ready").asString());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for readiness", e);
            }
        }
    }
}
