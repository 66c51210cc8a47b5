package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.Q8Activations;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decode products over a repacked copy whose rows come in groups of eight computed together
 * ({@link Q4_0RowGroups}, {@link Q6KRowGroups}): any row range, whole groups written straight to
 * the output and a group the range cuts computed whole into scratch, so a row's value is the same
 * whichever range or single-row call asks for it.
 */
final class RowGroupProducts {

    /** Rows per group. */
    static final int ROWS = WeightMatrix.REPACK_ROWS;

    /**
     * 16·k for k < 8, the offset of the k-th 16-byte chunk: the kernels' short chunk loops read it
     * from this table so that C2 does not see their loads' offsets grow linearly with k. When it
     * does, it splits each of these 8-pass loops into a pre-loop, an unrolled main loop and a
     * post-loop around the bounds checks, and that bookkeeping cost a quarter of the kernel
     * ({@code KernelBenchmark --types Q4_0 --q8 --repack}, one thread: 13.7–14.4 → 17.1–17.3 G
     * weights/s; {@code -XX:-RangeCheckElimination} gives the same). A slice of fixed size per
     * block column did as well where one kind of segment was sliced, but allocated its slices once
     * the file's mapped segments and the repacked copies both went through it.
     */
    static final long[] CHUNK = {0, 16, 32, 48, 64, 80, 96, 112};

    /** One group's eight products, {@code out[outOffset .. outOffset + 8)}. */
    interface GroupKernel {
        void groupDotQ8(MemorySegment groups, int group, Q8Activations xq, float[] out, int outOffset);
    }

    /** Writes one row's block, read from {@code in[from ..]}, into its group's block at {@code out[to ..]}. */
    interface BlockRepacker {
        void repack(byte[] in, int from, int row, byte[] out, int to);
    }

    private RowGroupProducts() {}

    /**
     * Writes the groups of rows {@code [rowStart, rowEnd)} (multiples of 8) of {@code source}, rows of
     * {@code blocksPerRow} blocks of {@code blockBytes}, into {@code target}, whose group blocks are
     * {@code groupBlockBytes} long: a group's eight rows (contiguous in the file) copied to an array in
     * one go, each row's block placed by {@code repacker}, and the group written out in one copy.
     */
    static void repack(MemorySegment source, MemorySegment target, int rowStart, int rowEnd, int blocksPerRow,
                       int blockBytes, int groupBlockBytes, BlockRepacker repacker) {
        int rowBytes = blocksPerRow * blockBytes;
        byte[] in = new byte[ROWS * rowBytes];
        byte[] out = new byte[blocksPerRow * groupBlockBytes];
        for (int g = rowStart / ROWS; g < rowEnd / ROWS; g++) {
            MemorySegment.copy(source, ValueLayout.JAVA_BYTE, (long) g * ROWS * rowBytes, in, 0, in.length);
            for (int b = 0; b < blocksPerRow; b++) {
                for (int r = 0; r < ROWS; r++) {
                    repacker.repack(in, r * rowBytes + b * blockBytes, r, out, b * groupBlockBytes);
                }
            }
            MemorySegment.copy(out, 0, target, ValueLayout.JAVA_BYTE, (long) g * out.length, out.length);
        }
    }

    /** Two bytes at a time, in the file's byte order; plain array accesses compile to one 16-bit load or store each. */
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Places row {@code r}'s {@code pairs} consecutive byte pairs {@code in[from ..]} into the
     * group's chunks of 16 bytes: pair k goes to {@code out[to + 16k + 2r]}, where the eight rows'
     * k-th pairs lie side by side. The interleave every repacked layout shares, moved two bytes per
     * access instead of one (repacking spent most of its time here).
     */
    static void placePairs(byte[] in, int from, int r, byte[] out, int to, int pairs) {
        for (int k = 0; k < pairs; k++) {
            SHORTS.set(out, to + 16 * k + 2 * r, (short) SHORTS.get(in, from + 2 * k));
        }
    }

    /** {@code out[r]} for every {@code r} in {@code [rowStart, rowEnd)}. */
    static void matvecQ8(GroupKernel kernel, MemorySegment groups, Q8Activations xq, float[] out, int rowStart, int rowEnd) {
        int r = rowStart;
        while (r < rowEnd) {
            int group = r / ROWS;
            if (r % ROWS == 0 && r + ROWS <= rowEnd) {
                kernel.groupDotQ8(groups, group, xq, out, r);
                r += ROWS;
            } else {
                float[] eight = KernelScratch.get().group(ROWS);
                kernel.groupDotQ8(groups, group, xq, eight, 0);
                int end = Math.min(rowEnd, (group + 1) * ROWS);
                System.arraycopy(eight, r - group * ROWS, out, r, end - r);
                r = end;
            }
        }
    }

    /** Row {@code row}'s product, from its whole group. */
    static float dotQ8(GroupKernel kernel, MemorySegment groups, Q8Activations xq, int row) {
        float[] eight = KernelScratch.get().group(ROWS);
        kernel.groupDotQ8(groups, row / ROWS, xq, eight, 0);
        return eight[row % ROWS];
    }

    /** Refuses a copy of the wrong size or a range that is not made of whole groups. */
    static void requireWholeGroups(int rows, int rowStart, int rowEnd) {
        if (rows % ROWS != 0 || rowStart % ROWS != 0 || rowEnd % ROWS != 0 || rowStart < 0 || rowEnd > rows || rowStart > rowEnd) {
            throw new UnsupportedOperationException("rows [" + rowStart + ", " + rowEnd + ") of " + rows
                    + " are not whole groups of " + ROWS);
        }
    }
}
