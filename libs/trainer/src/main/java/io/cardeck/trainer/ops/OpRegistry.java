package io.cardeck.trainer.ops;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The op types the trainer can run, each with its {@link Operator} and the roles of its inputs.
 * Adding an op is adding one entry; {@link #standard()} holds every op cardeck's models use.
 * Immutable.
 */
public final class OpRegistry {

    private static final OpRegistry STANDARD = createStandard();

    private final Map<String, Entry> entries;

    private OpRegistry(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** One op type: how to compile it and which inputs are not differentiable. */
    public record Entry(String opType, Operator operator, Map<Integer, InputRole> roles) {

        public Entry {
            Objects.requireNonNull(opType, "opType");
            Objects.requireNonNull(operator, "operator");
            roles = Map.copyOf(roles);
        }

        /** The role of input {@code index}; {@link InputRole#DIFFERENTIABLE} unless declared otherwise. */
        public InputRole role(int index) {
            return roles.getOrDefault(index, InputRole.DIFFERENTIABLE);
        }
    }

    /** Every op cardeck supports. */
    public static OpRegistry standard() {
        return STANDARD;
    }

    public static Builder builder() {
        return new Builder(Map.of());
    }

    /** A builder starting from this registry's entries, to add or replace ops. */
    public Builder toBuilder() {
        return new Builder(entries);
    }

    public Optional<Entry> find(String opType) {
        return Optional.ofNullable(entries.get(opType));
    }

    /** Supported op types, sorted. */
    public Set<String> opTypes() {
        return Collections.unmodifiableSet(new TreeSet<>(entries.keySet()));
    }

    private static OpRegistry createStandard() {
        Builder builder = builder();
        ArithmeticOps.register(builder);
        ActivationOps.register(builder);
        ConvolutionOps.register(builder);
        PoolingOps.register(builder);
        TrainingModeOps.register(builder);
        ShapeOps.register(builder);
        return builder.build();
    }

    public static final class Builder {

        private final Map<String, Entry> entries;

        private Builder(Map<String, Entry> entries) {
            this.entries = new LinkedHashMap<>(entries);
        }

        /** Adds (or replaces) an op whose inputs are all differentiable. */
        public Builder add(String opType, Operator operator) {
            return add(opType, Map.of(), operator);
        }

        /** Adds (or replaces) an op; inputs not named in {@code roles} are differentiable. */
        public Builder add(String opType, Map<Integer, InputRole> roles, Operator operator) {
            entries.put(opType, new Entry(opType, operator, roles));
            return this;
        }

        public OpRegistry build() {
            return new OpRegistry(entries);
        }
    }
}
