package io.cardeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.devstack.EventStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;

/**
 * Starts the demo's prune jobs and follows the platform's event stream until every pruned model, and
 * every deck member, has a completed evaluation, with a progress bar per model from its
 * EvaluationProgressed events.
 */
final class EvaluationFollower {

    private static final Duration PATIENCE = Duration.ofMinutes(30);
    /** How often models are also looked up, for evaluations that completed before the stream was opened. */
    private static final Duration LOOKUP_INTERVAL = Duration.ofSeconds(3);

    private final GatewayClient gateway;
    private final Map<String, DemoCommand.DemoModel> planned = new LinkedHashMap<>();
    private final Map<String, DemoCommand.DemoModel> pruned = new LinkedHashMap<>();
    private final Map<String, DemoCommand.DemoModel> waiting = new LinkedHashMap<>();
    private final Map<String, ProgressBar> bars = new HashMap<>();

    EvaluationFollower(GatewayClient gateway) {
        this.gateway = gateway;
    }

    /** Prunes each member at each sparsity; returns the pruned models, in job order, once all evaluations are complete. */
    List<DemoCommand.DemoModel> pruneAndFollow(List<DemoCommand.DemoModel> members, List<Double> sparsities) {
        try (EventStream events = gateway.events(null)) {
            for (DemoCommand.DemoModel member : members) {
                waiting.put(member.id(), member);
                for (double sparsity : sparsities) {
                    int percent = (int) Math.round(sparsity * 100);
                    planned.put(gateway.prune(member.id(), "magnitude", Map.of("sparsity", sparsity, "allocation", Map.of("type", "global"),
                            "recovery", Map.of("bnRecalibration", true, "bnImages", 256))), new DemoCommand.DemoModel(member.name() + "-m" + percent,
                            null, member.domain(), "magnitude " + percent + "% + BN recal"));
                }
            }
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            long nextLookup = 0;
            int seen = 0;
            while (pruned.size() < planned.size() || !waiting.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("evaluations not complete after " + PATIENCE + ": " + waiting.values());
                }
                List<EventStream.Event> all = events.events();
                for (EventStream.Event event : all.subList(seen, all.size())) {
                    apply(event.type(), event.data());
                }
                seen = all.size();
                if (System.nanoTime() > nextLookup) {
                    new ArrayList<>(waiting.keySet()).stream().filter(this::evaluated).forEach(this::finish);
                    nextLookup = System.nanoTime() + LOOKUP_INTERVAL.toNanos();
                }
                Thread.sleep(200);
            }
            return List.copyOf(pruned.values());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while following the evaluations", e);
        } finally {
            bars.values().forEach(ProgressBar::close);
        }
    }

    private void apply(String type, JsonNode data) {
        String jobId = data.path("jobId").asText();
        String modelId = data.path("modelId").asText();
        switch (type) {
            case "PruneSucceeded" -> {
                DemoCommand.DemoModel plan = planned.get(jobId);
                if (plan != null && !pruned.containsKey(jobId)) {
                    DemoCommand.DemoModel result = new DemoCommand.DemoModel(plan.name(), data.get("resultModelId").asText(),
                            plan.domain(), plan.kind());
                    pruned.put(jobId, result);
                    waiting.put(result.id(), result);
                }
            }
            case "PruneFailed" -> {
                if (planned.containsKey(jobId)) {
                    throw new IllegalStateException("prune job " + jobId + " failed: " + data.path("error").asText());
                }
            }
            case "PruneCancelled" -> {
                if (planned.containsKey(jobId)) {
                    throw new IllegalStateException("prune job " + jobId + " was cancelled");
                }
            }
            case "EvaluationFailed" -> {
                if (waiting.containsKey(modelId)) {
                    throw new IllegalStateException("the evaluation of " + waiting.get(modelId).name() + " failed: "
                            + data.path("error").asText());
                }
            }
            case "EvaluationProgressed" -> {
                DemoCommand.DemoModel model = waiting.get(modelId);
                if (model != null) {
                    bars.computeIfAbsent(modelId, id -> ProgressBars.start("evaluating " + model.name(), 100, "%"))
                            .stepTo((long) data.path("percent").asDouble());
                }
            }
            case "EvaluationCompleted" -> {
                if (waiting.containsKey(modelId)) {
                    finish(modelId);
                }
            }
            default -> { }
        }
    }

    private void finish(String modelId) {
        waiting.remove(modelId);
        ProgressBar bar = bars.remove(modelId);
        if (bar != null) {
            bar.stepTo(100);
            bar.close();
        }
    }

    /** True when the model has a SUCCEEDED evaluation. */
    private boolean evaluated(String modelId) {
        for (JsonNode evaluation : gateway.evaluations(modelId)) {
            if ("SUCCEEDED".equals(evaluation.get("status").asText())) {
                return true;
            }
        }
        return false;
    }
}
