/**
 * Training and fine-tuning of ONNX classifiers on PyTorch through DJL. ONNX stays the only
 * description of a model: {@link io.cardeck.trainer.graph.TorchModel} runs the graph op by op with
 * autograd and writes the trained values back into the same graph.
 *
 * <ul>
 *   <li>{@link io.cardeck.trainer.graph}: the compiled model, its parameters and masks.</li>
 *   <li>{@link io.cardeck.trainer.ops}: one kernel per ONNX op type, in a registry.</li>
 *   <li>{@link io.cardeck.trainer.optim}: SGD, Adam and learning-rate schedules with checkpointable state.</li>
 *   <li>This package: the loss, {@link io.cardeck.trainer.Trainer} (one step at a time, for pruning
 *       methods that act between steps) and {@link io.cardeck.trainer.TrainingRun} (epochs, data
 *       loading, evaluation, checkpoints, resume).</li>
 * </ul>
 *
 * Decisions: BatchNormalization's running variance is updated with the unbiased batch variance
 * (PyTorch's convention); every random choice derives from the run seed and its position, so a
 * resumed run equals an uninterrupted one; PyTorch's intra-op threads are process-wide (see
 * {@link io.cardeck.trainer.engine.TorchEngine#setIntraOpThreads}).
 */
package io.cardeck.trainer;
