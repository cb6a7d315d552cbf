package io.cardeck.gateway.it;

import static io.cardeck.gateway.it.TestKeys.asAdmin;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.access.ApiKey;
import io.cardeck.access.ApiKeyStore;
import io.cardeck.access.Role;
import io.cardeck.devstack.KafkaBus;
import io.cardeck.events.DeadLetter;
import io.cardeck.events.EventCodec;
import io.cardeck.events.PruneRequested;
import io.cardeck.events.TopicAccess;
import io.cardeck.events.Topics;
import io.cardeck.outbox.EventEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The admin API over the dead-letter topics of the real broker: listing, replay once, and refusals. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class DeadLetterIT {

    private static final String LIST = "/api/admin/dead-letters";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    ApiKeyStore keys;

    @Test
    void aMessageTheGatewayCouldNotProcessIsListedWithItsReasonAndPayloadButNotReplayed() {
        // A prune request on the prune events topic: the gateway's consumer dead-letters it.
        String key = UUID.randomUUID().toString();
        PruneRequested request = request(key);
        KafkaBus.send(Topics.PRUNE_EVENTS, key, EventCodec.encode(request));

        Map<String, Object> letter = awaitListed(key);
        assertTrue(((String) letter.get("id")).startsWith("cardeck.prune.events.dlq:"), letter.toString());
        assertEquals(Topics.PRUNE_EVENTS, letter.get("topic"));
        assertTrue(((String) letter.get("reason")).contains("PruneRequested does not belong on cardeck.prune.events"),
                letter.toString());
        assertEquals(EventCodec.decode(EventCodec.encode(request)), EventCodec.decode((String) letter.get("payload")));
        assertNotNull(letter.get("deadLetteredAt"));
        assertNull(letter.get("replayedAt"));

        Response refused = asAdmin().post(LIST + "/" + letter.get("id") + "/replay");
        assertEquals(422, refused.statusCode(), refused.asString());
        assertEquals("dead letter " + letter.get("id") + " cannot be replayed: its payload is a PruneRequested, which"
                + " belongs on cardeck.prune.requests, not cardeck.prune.events; a replay would only be dead-lettered"
                + " again", refused.path("error"));
    }

    @Test
    void aReplayPublishesTheOriginalMessageOnceHoweverOftenItIsAsked() {
        // As the pruner-service dead-letters a request it could not record while its database was down.
        String key = UUID.randomUUID().toString();
        PruneRequested request = request(key);
        byte[] payload = EventCodec.encode(request);
        // The dead-letter strategy keeps the original record's headers, its writer among them.
        KafkaBus.send(Topics.deadLetter(Topics.PRUNE_REQUESTS), key, payload,
                Map.of(DeadLetter.REASON_HEADER, "cannot record the job: Connection to 127.0.0.1:5432 refused",
                        TopicAccess.WRITER_HEADER, TopicAccess.GATEWAY));
        Map<String, Object> letter = awaitListed(key);
        assertEquals(TopicAccess.GATEWAY, letter.get("writer"));
        String id = (String) letter.get("id");

        JsonPath first = asAdmin().post(LIST + "/" + id + "/replay").then().statusCode(200).extract().jsonPath();
        assertEquals(true, first.getBoolean("republished"));
        assertEquals(Topics.PRUNE_REQUESTS, first.getString("topic"));
        assertEquals(request.eventId().toString(), first.getString("eventId"));
        assertEquals("configured-admin", first.getString("replayedBy"), "the configured admin key's name");
        JsonPath second = asAdmin().post(LIST + "/" + id + "/replay").then().statusCode(200).extract().jsonPath();
        assertEquals(false, second.getBoolean("republished"));
        assertEquals(first.getString("replayedAt"), second.getString("replayedAt"));

        // Each replay waited for the broker's acknowledgement: what is on the topic now is all there will be.
        List<ConsumerRecord<String, byte[]>> published = KafkaBus.read(Topics.PRUNE_REQUESTS).stream()
                .filter(r -> key.equals(r.key())).toList();
        assertEquals(1, published.size(), "published once");
        assertArrayEquals(payload, published.get(0).value());
        assertEquals(Optional.of(TopicAccess.GATEWAY), EventEnvelope.writer(published.get(0).headers()),
                "the replay names the original's writer");
        assertEquals(first.getString("replayedAt"), String.valueOf(awaitListed(key).get("replayedAt")));
    }

    @Test
    void anEventFromAServiceThatMayNotWriteItsTopicIsNotReplayed() {
        // As the pruner-service dead-letters a forged request: the evaluator-service does not write prune requests.
        String key = UUID.randomUUID().toString();
        KafkaBus.send(Topics.deadLetter(Topics.PRUNE_REQUESTS), key, EventCodec.encode(request(key)),
                Map.of(DeadLetter.REASON_HEADER, "refused", TopicAccess.WRITER_HEADER, TopicAccess.EVALUATOR));
        Map<String, Object> letter = awaitListed(key);
        assertEquals(TopicAccess.EVALUATOR, letter.get("writer"));

        Response refused = asAdmin().post(LIST + "/" + letter.get("id") + "/replay");
        assertEquals(422, refused.statusCode(), refused.asString());
        assertEquals("dead letter " + letter.get("id") + " cannot be replayed: it was written by 'evaluator-service', which"
                + " may not write cardeck.prune.requests; only gateway does; a replay would only be dead-lettered again",
                refused.path("error"));
    }

    @Test
    void anUnknownOrMalformedIdIsRefusedWithWhatIsAccepted() {
        String unknown = "cardeck.prune.requests.dlq:0:999999999";
        asAdmin().post(LIST + "/" + unknown + "/replay").then().statusCode(404);
        assertEquals("no dead letter at " + unknown + " (its topic holds no message at that partition and offset);"
                + " GET /api/admin/dead-letters lists them", asAdmin().post(LIST + "/" + unknown + "/replay").path("error"));
        String malformed = asAdmin().post(LIST + "/nonsense/replay").then().statusCode(400).extract().path("error");
        assertTrue(malformed.contains("dead letter id 'nonsense' is not of the form <dead-letter topic>:<partition>:<offset>"),
                malformed);
        String notATopic = asAdmin().post(LIST + "/cardeck.prune.requests:0:1/replay").then().statusCode(400)
                .extract().path("error");
        assertTrue(notATopic.contains("'cardeck.prune.requests' is not a dead-letter topic"), notATopic);
        asAdmin().queryParam("limit", 0).get(LIST).then().statusCode(400);
    }

    @Test
    void onlyTheAdminRoleMayListOrReplay() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        for (Role role : List.of(Role.READ, Role.PREDICT)) {
            ApiKey key = keys.create("dead-letters-" + role.name().toLowerCase() + "-" + suffix, role).key();
            String listed = given().header("Authorization", "Bearer " + key.reveal()).get(LIST)
                    .then().statusCode(403).extract().path("error");
            assertTrue(listed.contains("does not permit GET " + LIST + " (needs admin)"), listed);
            given().header("Authorization", "Bearer " + key.reveal())
                    .post(LIST + "/cardeck.prune.requests.dlq:0:0/replay").then().statusCode(403);
        }
        given().get(LIST).then().statusCode(401);
    }

    private static PruneRequested request(String jobId) {
        return new PruneRequested(UUID.randomUUID(), Instant.now(), jobId, UUID.randomUUID().toString(), "magnitude",
                Map.of("sparsity", 0.5));
    }

    /** The listed dead letter whose key is {@code key}, once the consumer has dead-lettered it. */
    private static Map<String, Object> awaitListed(String key) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> letters = asAdmin().get(LIST).then().statusCode(200).extract().jsonPath().getList("$");
            for (Map<String, Object> letter : letters) {
                if (key.equals(letter.get("key"))) {
                    return letter;
                }
            }
            sleep();
        }
        throw new AssertionError("no dead letter with key " + key + " listed within " + WAIT.toSeconds() + " s");
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
