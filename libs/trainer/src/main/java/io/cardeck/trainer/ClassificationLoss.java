package io.cardeck.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * The training loss of a classifier: cross-entropy with optional label smoothing (as
 * torch.nn.CrossEntropyLoss(label_smoothing)), plus optionally AugMix's Jensen-Shannon
 * consistency term. With the term the batch holds three views of each image (clean, two
 * augmented), laid out view after view; cross-entropy is taken on the clean view only, as AugMix
 * does, and the term is {@code weight * (KL(p0||M) + KL(p1||M) + KL(p2||M)) / 3} with
 * {@code M = clamp((p0 + p1 + p2) / 3, 1e-7, 1)} and each KL averaged over the batch.
 *
 * @param labelSmoothing epsilon in [0, 1): the target is (1 - epsilon) one-hot + epsilon / classes
 * @param consistencyWeight the Jensen-Shannon weight (AugMix: {@value #AUGMIX_CONSISTENCY_WEIGHT}); 0 = off
 */
public record ClassificationLoss(double labelSmoothing, double consistencyWeight) {

    /** The weight lambda of the AugMix paper and code. */
    public static final double AUGMIX_CONSISTENCY_WEIGHT = 12;

    private static final double MIXTURE_FLOOR = 1e-7;

    public ClassificationLoss {
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
        }
        if (!(consistencyWeight >= 0) || Double.isInfinite(consistencyWeight)) {
            throw new IllegalArgumentException("the consistency weight must be finite and >= 0, got " + consistencyWeight);
        }
    }

    /** Plain cross-entropy. */
    public static ClassificationLoss crossEntropy() {
        return new ClassificationLoss(0, 0);
    }

    public ClassificationLoss withLabelSmoothing(double epsilon) {
        return new ClassificationLoss(epsilon, consistencyWeight);
    }

    /** Adds the Jensen-Shannon consistency term with {@code weight} (AugMix uses 12). */
    public ClassificationLoss withConsistency(double weight) {
        return new ClassificationLoss(labelSmoothing, weight);
    }

    /** Images per example in a batch: 3 with the consistency term (clean + two augmented views), else 1. */
    public int views() {
        return consistencyWeight > 0 ? 3 : 1;
    }

    /**
     * The mean loss over the batch, a scalar that autograd can differentiate.
     *
     * @param logits {@code [views * n, classes]}, view after view
     * @param labels {@code [n]} int64 class indices
     */
    public NDArray compute(NDArray logits, NDArray labels) {
        long n = labels.size();
        int classes = Math.toIntExact(logits.getShape().get(1));
        if (logits.getShape().get(0) != views() * n) {
            throw new IllegalArgumentException("logits " + logits.getShape() + " do not hold " + views()
                    + " view(s) of " + n + " examples");
        }
        NDArray clean = views() == 1 ? logits : logits.get(new NDIndex("0:{}", n));
        NDArray logProbabilities = clean.logSoftmax(1);
        NDArray target = labels.oneHot(classes).toType(logits.getDataType(), false);
        if (labelSmoothing > 0) {
            target = target.mul(1 - labelSmoothing).add(labelSmoothing / classes);
        }
        NDArray loss = target.mul(logProbabilities).sum(new int[] {1}).mean().neg();
        if (consistencyWeight == 0) {
            return loss;
        }
        NDArray[] logViews = new NDArray[3];
        NDArray[] views = new NDArray[3];
        NDArray sum = null;
        for (int v = 0; v < 3; v++) {
            NDArray slice = logits.get(new NDIndex("{}:{}", v * n, (v + 1) * n));
            logViews[v] = slice.logSoftmax(1);
            views[v] = logViews[v].exp();
            sum = sum == null ? views[v] : sum.add(views[v]);
        }
        NDArray logMixture = sum.div(3).clip(MIXTURE_FLOOR, 1).log();
        NDArray divergence = null;
        for (int v = 0; v < 3; v++) {
            // KL(p || M) summed over classes, averaged over the batch ("batchmean"); p log p via log-softmax stays finite.
            NDArray kl = views[v].mul(logViews[v].sub(logMixture)).sum().div(n);
            divergence = divergence == null ? kl : divergence.add(kl);
        }
        return loss.add(divergence.mul(consistencyWeight / 3));
    }
}
