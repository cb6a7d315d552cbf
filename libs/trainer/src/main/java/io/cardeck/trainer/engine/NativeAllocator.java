package io.cardeck.trainer.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Keeps the C library's allocator from handing the memory of freed tensors back to the kernel between
 * training steps. PyTorch's CPU tensors come from malloc; a step frees its temporaries when its scope
 * closes, and glibc, serving the JVM thread from a per-thread arena, gives much of that memory back
 * (blocks above its adaptive mmap threshold are unmapped one by one, emptied arena heaps whole). The next
 * step then faults the pages in again and the kernel zeroes them: about 3,000 page faults per LeNet-5
 * step at batch 128, which held it at 0.69-0.79 of plain PyTorch's throughput (docs/benchmarks.md,
 * section 5). Fixed thresholds keep freed blocks of up to 32 MiB in the process for the next step to
 * reuse; the price is a resident size that stays at its peak instead of shrinking between steps.
 */
final class NativeAllocator {

    /** mallopt parameters of glibc's malloc.h. */
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;
    /** glibc's largest mmap threshold on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX). */
    private static final int MMAP_THRESHOLD = 32 << 20;

    private interface CLibrary extends Library {
        int mallopt(int parameter, int value);
    }

    private NativeAllocator() {
    }

    /**
     * Sets the thresholds for the whole process; true if the C library took both. Elsewhere than glibc
     * on Linux nothing changes (musl's mallopt accepts nothing).
     */
    static boolean retainFreedMemory() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            CLibrary c = Native.load("c", CLibrary.class);
            boolean mmap = c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1;
            boolean trim = c.mallopt(M_TRIM_THRESHOLD, Integer.MAX_VALUE) == 1;
            return mmap && trim;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }
}
