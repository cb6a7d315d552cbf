package io.cardeck.platform;

import static io.cardeck.platform.PlatformUnderTest.ENSEMBLE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.devstack.LocalPlatform;
import io.cardeck.events.CardeckEvent;
import io.cardeck.events.DeckCreated;
import io.cardeck.events.EvaluationCompleted;
import io.cardeck.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ensemble-service killed with SIGKILL while clients send inference requests through the
 * gateway: they get 503 (never a wrong answer, never a server error) until it is back, answers come
 * again within seconds of its restart, and the evaluation event it missed while down is applied once.
 */
class EnsembleKillIT {

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.withEnvironment("ensemble_kill", Map.of(
            "CARDECK_ENSEMBLE_CALIBRATION_IMAGES", "200",
            "CARDECK_EVALUATOR_SAMPLES_PER_CELL", "50"));

    private static final String DECK = "under-load";
    /** From the ensemble-service's readiness after the restart to an answer: the deck and its member loaded again. */
    private static final Duration ANSWERING_AGAIN = Duration.ofSeconds(10);

    @Test
    void inferenceUnderLoadAnswers503WhileTheEnsembleIsDownAndAgainSoonAfterItsRestart() throws Exception {
        LocalPlatform platform = PLATFORM.platform();
        String member = PLATFORM.uploadLenet("lenet5-ensemble-kill");
        assertEquals(201, PLATFORM.post("/api/decks", Map.of("name", DECK,
                "members", List.of(Map.of("modelId", member, "domain", "standard")),
                "gating", Map.of("mode", "average", "k", 1, "granularity", "sample"))).statusCode());
        double[] expected = InferenceLoad.expected(PlatformUnderTest.lenet().toBytes());

        long kill;
        long ready;
        String missedModel;
        InferenceLoad load = InferenceLoad.start(platform, DECK, 3);
        try {
            await("answers under load before the kill").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> load.answers().stream().filter(a -> a.status() == 200).count() >= 20);
            kill = System.nanoTime();
            platform.service(ENSEMBLE).kill();

            // An evaluation completes while the ensemble-service is down: it must not miss the event.
            missedModel = PLATFORM.uploadLenet("lenet5-while-the-ensemble-is-down");
            String model = missedModel;
            await("the evaluation of " + model + " while the ensemble-service is down").atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> completed(model).isPresent());
            assertTrue(facts(model).isEmpty(), "not applied while down");

            platform.restart(ENSEMBLE);
            ready = System.nanoTime();
            long readyAt = ready;
            await("an answer after the ensemble-service's restart").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> load.answers().stream().anyMatch(a -> a.status() == 200 && a.sentAt() > readyAt));
        } finally {
            load.close();
        }
        List<InferenceLoad.Answer> answers = load.answers();
        InferenceLoad.Answer firstAgain = null;
        for (InferenceLoad.Answer answer : answers) {
            assertTrue(answer.status() == 200 || answer.status() == 503, "200 or 503 only: " + answer);
            if (answer.status() == 200) {
                InferenceLoad.assertAnswers(expected, answer.body());
                if (answer.sentAt() > ready && (firstAgain == null || answer.receivedAt() < firstAgain.receivedAt())) {
                    firstAgain = answer;
                }
            }
        }
        Duration answeringAgain = Duration.ofNanos(firstAgain.receivedAt() - ready);
        Map<Integer, Long> statuses = answers.stream().collect(Collectors.groupingBy(InferenceLoad.Answer::status, Collectors.counting()));
        System.out.printf("EnsembleKillIT: %s answers by status; down %.1f s from the kill to readiness; the first answer %.1f s"
                + " after readiness%n", statuses, (ready - kill) / 1e9, answeringAgain.toMillis() / 1e3);
        assertTrue(statuses.getOrDefault(503, 0L) > 0, "requests while it was down were refused: " + statuses);
        assertTrue(answeringAgain.compareTo(ANSWERING_AGAIN) <= 0, "answering again " + answeringAgain + " after readiness");

        // The missed EvaluationCompleted is applied once the service is back; the deck was announced once.
        EvaluationCompleted missed = completed(missedModel).orElseThrow();
        Map<String, Object> fact = await("the ensemble-service to apply the evaluation it missed").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> facts(missedModel), Optional::isPresent).orElseThrow();
        assertEquals(missed.evaluationId(), fact.get("evaluation_id"));
        assertEquals(missed.cleanAccuracy(), (Double) fact.get("clean_accuracy"), 0.0);
        assertEquals(List.of(Map.of("n", 1L)), PLATFORM.rows(
                "SELECT count(*) AS n FROM ensemble.processed_events WHERE event_id = ?", missed.eventId()));
        List<CardeckEvent> created = PLATFORM.events(Topics.DECK_EVENTS).stream()
                .filter(e -> e instanceof DeckCreated d && d.deck().equals(DECK)).toList();
        assertEquals(1, created.size(), created.toString());
    }

    private static Optional<EvaluationCompleted> completed(String model) {
        return PLATFORM.events(Topics.EVALUATION_EVENTS).stream()
                .filter(e -> e instanceof EvaluationCompleted c && c.modelId().equals(model))
                .map(EvaluationCompleted.class::cast).findFirst();
    }

    private static Optional<Map<String, Object>> facts(String model) {
        return PLATFORM.rows("SELECT evaluation_id, clean_accuracy FROM ensemble.model_facts WHERE model_id = ?",
                UUID.fromString(model)).stream().findFirst();
    }
}
