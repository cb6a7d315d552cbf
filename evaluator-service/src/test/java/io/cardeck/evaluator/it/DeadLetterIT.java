package io.cardeck.evaluator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.devstack.KafkaBus;
import io.cardeck.events.EventCodec;
import io.cardeck.events.ModelOrigin;
import io.cardeck.events.ModelReady;
import io.cardeck.events.PruneRequested;
import io.cardeck.events.TopicAccess;
import io.cardeck.events.Topics;
import io.cardeck.onnx.OnnxModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(EvaluatorTestProfile.class)
class DeadLetterIT {

    private static final String DEAD_LETTERS = Topics.deadLetter(Topics.MODELS_READY);

    @Inject
    TestRegistry registry;

    @Test
    void poisonGoesToTheDeadLetterTopicWithItsReasonAndConsumptionGoesOn() {
        String tag = UUID.randomUUID().toString();
        KafkaBus.send(Topics.MODELS_READY, "junk-" + tag, "not json".getBytes(StandardCharsets.UTF_8));
        KafkaBus.send(Topics.MODELS_READY, "wrong-type-" + tag, EventCodec.encode(new PruneRequested(UUID.randomUUID(),
                Instant.now(), "job-" + tag, UUID.randomUUID().toString(), "magnitude", Map.of("sparsity", 0.5))));
        String badSha = "{\"type\":\"ModelReady/v1\",\"eventId\":\"" + UUID.randomUUID() + "\",\"occurredAt\":"
                + "\"2026-01-01T00:00:00Z\",\"modelId\":\"" + UUID.randomUUID() + "\",\"sha256\":\"xyz\",\"dataset\":"
                + "\"fashion-mnist\",\"origin\":\"UPLOAD\",\"parentModelId\":null}";
        KafkaBus.send(Topics.MODELS_READY, "bad-sha-" + tag, badSha.getBytes(StandardCharsets.UTF_8));
        String notUuid = "model-" + tag;
        KafkaBus.send(new ModelReady(UUID.randomUUID(), Instant.now(), notUuid, "0".repeat(64), "fashion-mnist",
                ModelOrigin.UPLOAD, null));
        UUID valid = Evaluations.announceNewModel(registry);

        assertReason("junk-" + tag, "not a cardeck event");
        assertReason("wrong-type-" + tag, "PruneRequested does not belong on cardeck.models.ready");
        assertReason("bad-sha-" + tag, "sha256 must be 64 lowercase hex digits");
        assertReason(notUuid, "'" + notUuid + "' is not a model id");

        JsonNode evaluation = Evaluations.awaitFinishedOf(valid);
        assertEquals("SUCCEEDED", evaluation.get("status").asText(), evaluation.toString());
    }

    /**
     * The gateway's principal may write models.ready (it replays dead letters there), so only the envelope
     * tells its forgery from the pruner-service's announcement: refused, dead-lettered, never evaluated.
     */
    @Test
    void aModelReadyThatThePrunerServiceDidNotWriteIsDeadLetteredNotEvaluated() {
        OnnxModel model = FashionMnistModel.get();
        UUID forged = UUID.randomUUID();
        registry.put(forged, model.toBytes());
        ModelReady event = Evaluations.modelReady(forged, model.sha256(), "fashion-mnist");
        KafkaBus.sendAs(TopicAccess.GATEWAY, TopicAccess.GATEWAY, event);
        UUID valid = Evaluations.announceNewModel(registry);

        assertReason(forged.toString(), "refused ModelReady " + event.eventId() + ": it was written by 'gateway', which may"
                + " not write cardeck.models.ready; only pruner-service does");
        // One partition, consumed in order: once the later announcement is applied, the forged one was refused.
        Await.condition("the evaluation of model " + valid, Await.LONG,
                () -> Evaluations.get("/evaluations?modelId=" + valid).size() == 1);
        assertEquals(0, Evaluations.get("/evaluations?modelId=" + forged).size(), "the forged announcement was not applied");
    }

    private static void assertReason(String key, String expected) {
        ConsumerRecord<String, byte[]> letter = Await.value("a dead letter with key " + key, Await.LONG,
                () -> KafkaBus.read(DEAD_LETTERS).stream().filter(r -> key.equals(r.key())).findFirst());
        String reason = Optional.ofNullable(letter.headers().lastHeader("dead-letter-reason"))
                .map(Header::value).map(v -> new String(v, StandardCharsets.UTF_8)).orElse("(no reason header)");
        assertTrue(reason.contains(expected), "reason of " + key + ": " + reason);
    }
}
