package io.cardeck.evaluator.service;

import io.cardeck.evaluation.Cell;
import java.util.UUID;

/**
 * A cell this instance has claimed, with what a worker needs to compute it.
 *
 * @param cellId   the claimed row of {@code cell_jobs}
 * @param attempts claims of this cell so far, this one included
 */
public record CellTask(UUID cellId, Cell cell, int attempts, UUID evaluationId, UUID modelId, String modelSha256,
                       String dataset, int samplesPerCell) {}
