package io.cardeck.evaluator.service;

import java.util.UUID;

/** What a worker needs to run an evaluation it holds. */
public record EvaluationTask(UUID id, UUID modelId, String modelSha256, String dataset, int samplesPerCell) {}
