package dev.tramontane.engine.model;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Large off-heap buffers for the repacked weights, freed when their arena closes.
 *
 * <p>On Linux (x86-64 and AArch64) they are anonymous {@code mmap} mappings. {@link Arena#allocate}
 * zeroes the whole buffer on the calling thread before anything is written to it: 64 % of the
 * repacking's CPU samples (JFR, 2-layer Q4_0 file), on one thread while the repacking itself runs
 * on all of them. The kernel hands out anonymous pages already zeroed, at first touch, on whichever
 * worker writes them. Elsewhere, or when the C library's functions cannot be found, this falls back
 * to {@link Arena#allocate}.
 *
 * <p>Measured and not kept: {@code madvise(MADV_HUGEPAGE)} on the mapping (two-megabyte pages,
 * fewer TLB misses when decode streams the copy). With {@code defrag=madvise} the kernel compacts
 * memory to find huge pages at each fault, which made repacking 2× slower (Q4_0 2-layer, 4.4–5.2
 * against 8.6–10.4 s) and decode no faster (one thread, three alternated pairs: 9.3, 9.3, 11.4
 * against 10.5, 11.9, 11.3 tokens/s).
 */
final class OffHeapMemory {

    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    /** MAP_PRIVATE | MAP_ANONYMOUS: the values of Linux on x86-64 and AArch64 (other systems differ). */
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final long MAP_FAILED = -1L;
    private static final long ALIGNMENT = 64;

    /** mmap and munmap, or null where this class falls back to {@link Arena#allocate}. */
    private static final MethodHandle MMAP, MUNMAP;

    static {
        MethodHandle mmap = null, munmap = null;
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (os.startsWith("linux") && (arch.equals("amd64") || arch.equals("aarch64"))) {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
                munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
            } catch (RuntimeException e) {
                mmap = munmap = null;
            }
        }
        MMAP = mmap;
        MUNMAP = munmap;
    }

    private OffHeapMemory() {}

    /** Whether buffers come from {@code mmap} (Linux) rather than {@link Arena#allocate}. */
    static boolean mapsAnonymousMemory() {
        return MMAP != null;
    }

    /**
     * {@code bytes} of zeroed memory, 64-byte aligned, freed when {@code arena} closes.
     *
     * @throws OutOfMemoryError if the system refuses that much memory
     */
    static MemorySegment allocate(Arena arena, long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("bytes must be positive, got " + bytes);
        }
        if (MMAP == null) {
            return arena.allocate(bytes, ALIGNMENT);
        }
        MemorySegment address;
        try {
            address = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, bytes, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0L);
        } catch (Throwable e) {
            throw new IllegalStateException("mmap failed", e);
        }
        if (address.address() == MAP_FAILED) {
            throw new OutOfMemoryError(String.format(Locale.ROOT, "the system refused %.1f MiB of memory (mmap)", bytes / 1048576.0));
        }
        // Page-aligned, so the 64-byte alignment Arena#allocate would give holds too.
        return address.reinterpret(bytes, arena, segment -> unmap(segment, bytes));
    }

    private static void unmap(MemorySegment segment, long bytes) {
        try {
            int ignored = (int) MUNMAP.invokeExact(segment, bytes);
        } catch (Throwable e) {
            throw new IllegalStateException("munmap failed", e);
        }
    }
}
