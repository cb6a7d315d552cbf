package io.cardeck.zoo;

import java.util.List;

/** The zoo's architectures by name. */
public final class Architectures {

    private static final List<Architecture> ALL = List.of(new LeNet5(), new ResNet20(), new VggSmall());

    private Architectures() {
    }

    public static List<Architecture> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(Architecture::name).toList();
    }

    /** @throws IllegalArgumentException listing the accepted names if {@code name} is none of them */
    public static Architecture byName(String name) {
        for (Architecture architecture : ALL) {
            if (architecture.name().equals(name)) {
                return architecture;
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + name + "'; accepted: " + String.join(", ", names()));
    }
}
