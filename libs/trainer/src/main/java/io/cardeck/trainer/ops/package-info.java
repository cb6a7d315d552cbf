/**
 * ONNX ops on PyTorch tensors. Each op type is one entry in {@link io.cardeck.trainer.ops.OpRegistry}:
 * an {@link io.cardeck.trainer.ops.Operator} that reads and checks the node's attributes once and
 * returns a {@link io.cardeck.trainer.ops.Kernel}, plus the roles of inputs that are not
 * differentiable (state, constants). Kernels compose DJL's NDArray operations, and PyTorch's own
 * ({@code JniUtils}) where DJL has none, so autograd differentiates them. Adding an op is adding
 * one entry, with a conformance case against ONNX Runtime and finite differences.
 */
package io.cardeck.trainer.ops;
