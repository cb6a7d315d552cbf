package io.cardeck.trainer.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The native-memory scope of one pass (a training step, an evaluation batch). Every array the
 * pass creates lands in its manager and is freed on close. Long-lived arrays (parameters,
 * running statistics, optimiser state) are <em>borrowed</em>: temporarily attached here, so that
 * results of operations on them (which DJL puts in the first operand's manager) are freed with
 * the scope too; on close they go back to their owner unchanged.
 */
public final class StepScope implements AutoCloseable {

    private final NDManager manager;
    private final Set<NDArray> borrowed = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Opens a scope under {@code owner}, the manager that owns the arrays to borrow. */
    public StepScope(NDManager owner) {
        this.manager = owner.newSubManager();
    }

    /** Where the pass creates its arrays. */
    public NDManager manager() {
        return manager;
    }

    /** Borrows {@code array} until close; borrowing an array twice is harmless. */
    public NDArray borrow(NDArray array) {
        if (borrowed.add(array)) {
            array.tempAttach(manager);
        }
        return array;
    }

    public void borrowAll(Iterable<? extends NDArray> arrays) {
        for (NDArray array : arrays) {
            borrow(array);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
