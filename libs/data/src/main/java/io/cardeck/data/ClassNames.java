package io.cardeck.data;

import java.util.List;
import java.util.stream.IntStream;

/** The label sets of the datasets cardeck knows by name. */
public final class ClassNames {

    public static final List<String> FASHION_MNIST = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    public static final List<String> CIFAR10 = List.of(
            "airplane", "automobile", "bird", "cat", "deer",
            "dog", "frog", "horse", "ship", "truck");

    public static final List<String> DIGITS = numbered(10);

    private ClassNames() {
    }

    /** {@code "0" .. "count-1"}: the names of classes known only by their label. */
    public static List<String> numbered(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("class count must be positive, got " + count);
        }
        return IntStream.range(0, count).mapToObj(Integer::toString).toList();
    }
}
