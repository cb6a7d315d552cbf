package io.cardeck.metrics.spectrum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spectra of real images: the first test images of Fashion-MNIST. */
class FashionMnistSpectrumTest {

    private static final Path IMAGES = Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");
    private static final ImageShape SHAPE = new ImageShape(1, 28, 28);
    private static final int COUNT = 600;
    private static float[] images;

    @BeforeAll
    static void readImages() throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(IMAGES)))) {
            assertEquals(0x803, in.readInt(), "IDX magic of " + IMAGES);
            in.readInt();
            assertEquals(28, in.readInt());
            assertEquals(28, in.readInt());
            byte[] pixels = new byte[COUNT * SHAPE.size()];
            in.readFully(pixels);
            images = new float[pixels.length];
            for (int i = 0; i < pixels.length; i++) {
                images[i] = (pixels[i] & 0xff) / 255f;
            }
        }
    }

    @Test
    void aRealImageMatchesTheDirectDft() {
        float[] image = Arrays.copyOf(images, SHAPE.size());
        FourierAmplitudeTest.assertClose(DirectDft.centredAmplitude(image, 1, 28, 28),
                new FourierAmplitude(SHAPE).amplitude(image).values(), 1e-9);
    }

    @Test
    void lowFrequenciesDominateTheMeanLogSpectrum() {
        SpectrumAccumulator accumulator = new SpectrumAccumulator(SHAPE);
        accumulator.addBatch(images);
        Spectrum mean = accumulator.mean();
        // natural images: amplitude falls with frequency, so the centre outweighs the outermost ring
        double border = 0;
        for (int k = 0; k < 28; k++) {
            border += mean.value(0, k) + mean.value(k, 0);
        }
        border /= 56;
        double nearCentre = (mean.value(13, 14) + mean.value(15, 14) + mean.value(14, 13) + mean.value(14, 15)) / 4;
        assertTrue(mean.value(14, 14) > nearCentre && nearCentre > 2 * border,
                "centre " + mean.value(14, 14) + ", next to it " + nearCentre + ", border " + border);
    }

    @Test
    void perThreadAccumulatorsMergeToTheSinglePassMean() throws Exception {
        SpectrumAccumulator single = new SpectrumAccumulator(SHAPE);
        single.addBatch(images);
        int half = COUNT / 2 * SHAPE.size();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<SpectrumAccumulator> first = pool.submit(() -> accumulate(Arrays.copyOfRange(images, 0, half)));
            Future<SpectrumAccumulator> second = pool.submit(() -> accumulate(Arrays.copyOfRange(images, half, images.length)));
            SpectrumAccumulator merged = first.get();
            merged.merge(second.get());
            assertEquals(COUNT, merged.count());
            FourierAmplitudeTest.assertClose(single.mean().values(), merged.mean().values(), 1e-12);
        } finally {
            pool.shutdown();
        }
    }

    private static SpectrumAccumulator accumulate(float[] batch) {
        SpectrumAccumulator accumulator = new SpectrumAccumulator(SHAPE);
        accumulator.addBatch(batch);
        return accumulator;
    }
}
