package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.KScales;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The 12-byte {@link KScales} field of a staged Q4_K/Q5_K block unpacked into eight 6-bit values
 * held one per byte of a long (value s in bits 8s .. 8s+7), with whole-word masks and shifts as
 * llama.cpp does instead of sixteen branchy per-value reads: the integer kernels take one per
 * step with a shift.
 */
final class KScalesUnpacked {

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int LOW6 = 0x3F3F3F3F;
    private static final int LOW4 = 0x0F0F0F0F;
    private static final int TOP2 = 0x03030303;

    private KScalesUnpacked() {}

    /** The eight scales of the field at {@code a[offset]}. */
    static long scales(byte[] a, int offset) {
        int w0 = (int) INT.get(a, offset);
        int w2 = (int) INT.get(a, offset + 8);
        int low = w0 & LOW6;
        int high = (w2 & LOW4) | (((w0 >>> 6) & TOP2) << 4);
        return (low & 0xFFFFFFFFL) | ((long) high << 32);
    }

    /** The eight minimums of the field at {@code a[offset]}. */
    static long mins(byte[] a, int offset) {
        int w1 = (int) INT.get(a, offset + 4);
        int w2 = (int) INT.get(a, offset + 8);
        int low = w1 & LOW6;
        int high = ((w2 >>> 4) & LOW4) | (((w1 >>> 6) & TOP2) << 4);
        return (low & 0xFFFFFFFFL) | ((long) high << 32);
    }

    /** Value {@code s} (0..7) of {@link #scales} or {@link #mins}. */
    static int get(long packed, int s) {
        return (int) (packed >>> (8 * s)) & 0xFF;
    }
}
