package io.cardeck.trainer.optim;

import java.util.Arrays;

/**
 * The learning rate as a function of training time {@code t} in epochs (fractional: the training
 * loop evaluates it at every batch, t = epoch + batch / batches, so warm-up and cosine move
 * smoothly). At whole epochs the values equal torch's per-epoch schedulers: LambdaLR constant,
 * MultiStepLR, CosineAnnealingLR (eta_min 0) and LinearLR warm-up.
 */
public sealed interface LearningRateSchedule {

    /** The learning rate at time {@code epoch} (>= 0). */
    double rate(double epoch);

    /** Always {@code rate}. */
    static LearningRateSchedule constant(double rate) {
        return new Constant(rate);
    }

    /** {@code rate * gamma^k}, where k counts the milestones (epochs) already reached. */
    static LearningRateSchedule step(double rate, double gamma, double... milestones) {
        return new StepDecay(rate, gamma, milestones);
    }

    /** From {@code rate} down to 0 at {@code epochs} along half a cosine; 0 afterwards. */
    static LearningRateSchedule cosine(double rate, double epochs) {
        return new Cosine(rate, epochs);
    }

    /**
     * This schedule scaled by a factor rising linearly from {@code startFactor} at epoch 0 to 1 at
     * {@code epochs}.
     */
    default LearningRateSchedule withWarmup(double epochs, double startFactor) {
        return new Warmup(this, epochs, startFactor);
    }

    /**
     * This schedule started at {@code fromEpoch}: the rate at t is this schedule's rate at
     * {@code fromEpoch + t}. Learning-rate rewinding (LRR) retrains a pruned network with the last
     * epochs of the original schedule: {@code schedule.rewound(totalEpochs - retrainEpochs)}.
     */
    default LearningRateSchedule rewound(double fromEpoch) {
        return new Rewound(this, fromEpoch);
    }

    private static void checkRate(double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + rate);
        }
    }

    private static void checkTime(double epoch) {
        if (!(epoch >= 0) || Double.isInfinite(epoch)) {
            throw new IllegalArgumentException("training time must be a finite epoch >= 0, got " + epoch);
        }
    }

    record Constant(double rate) implements LearningRateSchedule {

        public Constant {
            checkRate(rate);
        }

        @Override
        public double rate(double epoch) {
            checkTime(epoch);
            return rate;
        }
    }

    record StepDecay(double rate, double gamma, double[] milestones) implements LearningRateSchedule {

        public StepDecay {
            checkRate(rate);
            if (!(gamma > 0) || Double.isInfinite(gamma)) {
                throw new IllegalArgumentException("gamma must be finite and > 0, got " + gamma);
            }
            milestones = milestones.clone();
            for (int i = 0; i < milestones.length; i++) {
                if (!(milestones[i] > 0) || i > 0 && milestones[i] <= milestones[i - 1]) {
                    throw new IllegalArgumentException("milestones must be increasing epochs > 0, got "
                            + Arrays.toString(milestones));
                }
            }
        }

        @Override
        public double rate(double epoch) {
            checkTime(epoch);
            int reached = 0;
            while (reached < milestones.length && milestones[reached] <= epoch) {
                reached++;
            }
            return rate * Math.pow(gamma, reached);
        }

        @Override
        public double[] milestones() {
            return milestones.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof StepDecay that && rate == that.rate && gamma == that.gamma
                    && Arrays.equals(milestones, that.milestones);
        }

        @Override
        public int hashCode() {
            return 31 * Double.hashCode(rate) + 17 * Double.hashCode(gamma) + Arrays.hashCode(milestones);
        }

        @Override
        public String toString() {
            return "StepDecay[rate=" + rate + ", gamma=" + gamma + ", milestones=" + Arrays.toString(milestones) + "]";
        }
    }

    record Cosine(double rate, double epochs) implements LearningRateSchedule {

        public Cosine {
            checkRate(rate);
            if (!(epochs > 0) || Double.isInfinite(epochs)) {
                throw new IllegalArgumentException("cosine schedule length must be finite and > 0 epochs, got " + epochs);
            }
        }

        @Override
        public double rate(double epoch) {
            checkTime(epoch);
            return rate * (1 + Math.cos(Math.PI * Math.min(epoch, epochs) / epochs)) / 2;
        }
    }

    record Warmup(LearningRateSchedule schedule, double epochs, double startFactor) implements LearningRateSchedule {

        public Warmup {
            if (schedule == null) {
                throw new IllegalArgumentException("warm-up needs a schedule to wrap");
            }
            if (!(epochs > 0) || Double.isInfinite(epochs)) {
                throw new IllegalArgumentException("warm-up length must be finite and > 0 epochs, got " + epochs);
            }
            if (!(startFactor >= 0 && startFactor <= 1)) {
                throw new IllegalArgumentException("warm-up start factor must be in [0, 1], got " + startFactor);
            }
        }

        @Override
        public double rate(double epoch) {
            checkTime(epoch);
            return schedule.rate(epoch) * (startFactor + (1 - startFactor) * Math.min(1, epoch / epochs));
        }
    }

    record Rewound(LearningRateSchedule schedule, double fromEpoch) implements LearningRateSchedule {

        public Rewound {
            if (schedule == null) {
                throw new IllegalArgumentException("rewinding needs a schedule");
            }
            checkTime(fromEpoch);
        }

        @Override
        public double rate(double epoch) {
            checkTime(epoch);
            return schedule.rate(fromEpoch + epoch);
        }
    }
}
