package io.cardeck.pruning;

/**
 * Receives the intermediate models of an iterative method (each LRR/LTH round's model), so that
 * the platform registers and evaluates each one as it is made and a user watches the
 * accuracy-against-sparsity curve grow.
 */
@FunctionalInterface
public interface RoundListener {

    RoundListener NONE = (round, rounds, result) -> { };

    /**
     * Called once per finished round, in order; a run resumed from a checkpoint does not repeat the
     * rounds it had finished.
     *
     * @param round  from 1; 0 for the dense model a method trained before its rounds (LTH), which it keeps
     * @param rounds the run's number of rounds
     * @param result the round's model, with its lineage (the round and its sparsity in the recipe)
     */
    void roundCompleted(int round, int rounds, PruningResult result);
}
