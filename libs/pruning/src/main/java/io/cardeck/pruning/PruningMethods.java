package io.cardeck.pruning;

import io.cardeck.pruning.magnitude.MagnitudePruning;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The registered pruning methods, by name. */
public final class PruningMethods {

    private static final Map<String, PruningMethod<?>> BY_NAME = List.<PruningMethod<?>>of(new MagnitudePruning())
            .stream()
            .collect(Collectors.toUnmodifiableMap(PruningMethod::name, Function.identity()));

    private PruningMethods() {}

    public static List<PruningMethod<?>> all() {
        return BY_NAME.values().stream().sorted(java.util.Comparator.comparing(PruningMethod::name)).toList();
    }

    public static PruningMethod<?> byName(String name) {
        PruningMethod<?> method = BY_NAME.get(name);
        if (method == null) {
            throw new InvalidParameterException("unknown pruning method '" + name + "'; accepted: "
                    + all().stream().map(PruningMethod::name).collect(Collectors.joining(", ")));
        }
        return method;
    }
}
