package io.cardeck.trainer;

import io.cardeck.augmentation.Augmentation;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads, augments and packs the training batches of each epoch on background threads while the
 * training thread works on the current batch. The epoch's order is a seeded shuffle; each image's
 * augmentation draws from its own seeded stream, so batches do not depend on the number of
 * threads. A final batch of one image is dropped (BatchNormalization cannot normalise it).
 *
 * <p>Batches reuse a ring of {@code depth + 1} buffers: a batch stays valid until the next call
 * to {@link EpochBatches#next()}.
 */
final class BatchLoader implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ImageDataset data;
    private final ImageShape shape;
    private final int batchSize;
    private final int views;
    private final Augmentation base;
    private final Augmentation augmentation;
    private final long seed;
    private final int depth;
    private final ExecutorService workers;
    private final float[][] images;
    private final int[][] labels;
    /** Per worker: the image as read, and after the base augmentation. */
    private final ThreadLocal<float[]> readBuffer;
    private final ThreadLocal<float[]> baseBuffer;

    /**
     * @param base applied first to every image (crop, flip), or null
     * @param augmentation applied to the based image (views 1) or to make each extra view (views 3), or null
     * @param threads worker threads, >= 1; as many batches are prepared ahead
     */
    BatchLoader(ImageDataset data, int batchSize, int views, Augmentation base, Augmentation augmentation, long seed,
                int threads) {
        if (data.size() < 2) {
            throw new IllegalArgumentException(data.name() + " has " + data.size() + " images; training needs at least 2");
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch size must be >= 2 (BatchNormalization needs two images), got "
                    + batchSize);
        }
        if (views != 1 && augmentation == null) {
            throw new IllegalArgumentException(views + " views per image need an augmentation to make the extra views");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("loader threads must be >= 1, got " + threads);
        }
        this.data = data;
        this.shape = data.shape();
        this.batchSize = batchSize;
        this.views = views;
        this.base = base;
        this.augmentation = augmentation;
        this.seed = seed;
        this.depth = threads;
        int pool = POOLS.incrementAndGet();
        AtomicInteger names = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "cardeck-batches-" + pool + "-" + names.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.images = new float[depth + 1][views * batchSize * shape.size()];
        this.labels = new int[depth + 1][batchSize];
        this.readBuffer = ThreadLocal.withInitial(() -> new float[shape.size()]);
        this.baseBuffer = ThreadLocal.withInitial(() -> new float[shape.size()]);
    }

    int batchesPerEpoch() {
        int full = data.size() / batchSize;
        return data.size() % batchSize >= 2 ? full + 1 : full;
    }

    int views() {
        return views;
    }

    /** Starts epoch {@code epoch} (from 0): its order is fixed by the seed and the epoch. */
    EpochBatches epoch(int epoch) {
        return new EpochBatches(epoch, permutation(data.size(), Seeds.shuffle(seed, epoch)));
    }

    private static int[] permutation(int size, long seed) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** The batches of one epoch in order, prepared ahead. */
    final class EpochBatches {

        private final int epoch;
        private final int[] order;
        private final int batches;
        private final ArrayDeque<Future<Batch>> pending = new ArrayDeque<>();
        private int submitted;
        private int delivered;

        private EpochBatches(int epoch, int[] order) {
            this.epoch = epoch;
            this.order = order;
            this.batches = batchesPerEpoch();
        }

        boolean hasNext() {
            return delivered < batches;
        }

        /** The next batch; valid until the following call. */
        Batch next() {
            if (!hasNext()) {
                throw new IllegalStateException("epoch " + epoch + " has only " + batches + " batches");
            }
            // The buffer of the previous batch is free now, so up to depth batches may run ahead.
            while (submitted < batches && submitted <= delivered + depth) {
                int index = submitted++;
                pending.add(workers.submit(() -> prepare(index)));
            }
            Future<Batch> future = pending.poll();
            delivered++;
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting for a training batch");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("preparing a training batch failed: " + cause, cause);
            }
        }

        private Batch prepare(int index) {
            int slot = index % (depth + 1);
            float[] target = images[slot];
            int[] targetLabels = labels[slot];
            int from = index * batchSize;
            int count = Math.min(batchSize, data.size() - from);
            int size = shape.size();
            float[] read = readBuffer.get();
            float[] based = baseBuffer.get();
            for (int k = 0; k < count; k++) {
                int position = from + k;
                int image = order[position];
                targetLabels[k] = data.label(image);
                if (base == null && augmentation == null) {
                    data.readImage(image, target, k * size);
                    continue;
                }
                SplittableRandom random = new SplittableRandom(Seeds.image(seed, epoch, position));
                data.readImage(image, read, 0);
                float[] source = read;
                if (base != null) {
                    base.applyInto(read, shape, random, based, 0);
                    source = based;
                }
                if (views == 1 && augmentation != null) {
                    augmentation.applyInto(source, shape, random, target, k * size);
                    continue;
                }
                System.arraycopy(source, 0, target, k * size, size);
                for (int v = 1; v < views; v++) {
                    augmentation.applyInto(source, shape, random, target, (v * count + k) * size);
                }
            }
            return new Batch(target, targetLabels, count, views);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
