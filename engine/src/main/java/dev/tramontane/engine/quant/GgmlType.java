package dev.tramontane.engine.quant;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The tensor element types of the GGML/GGUF family, with the ids and block geometry used on disk.
 *
 * <p>A tensor of a block type stores {@code blockSize} consecutive elements of a row in
 * {@code typeSize} bytes; a row's length must therefore be a multiple of {@code blockSize}.
 * Ids are GGML's own (gaps are types GGML removed). {@link #supported()} says whether Tramontane
 * can compute with the type; the others are known only so that errors can name them.
 */
public enum GgmlType {
    F32(0, 1, 4, true),
    F16(1, 1, 2, true),
    Q4_0(2, 32, 18, true),
    Q4_1(3, 32, 20, true),
    Q5_0(6, 32, 22, true),
    Q5_1(7, 32, 24, true),
    Q8_0(8, 32, 34, true),
    Q8_1(9, 32, 36, false),
    Q2_K(10, 256, 84, true),
    Q3_K(11, 256, 110, true),
    Q4_K(12, 256, 144, true),
    Q5_K(13, 256, 176, true),
    Q6_K(14, 256, 210, true),
    Q8_K(15, 256, 292, false),
    IQ2_XXS(16, 256, 66, false),
    IQ2_XS(17, 256, 74, false),
    IQ3_XXS(18, 256, 98, false),
    IQ1_S(19, 256, 50, false),
    IQ4_NL(20, 32, 18, false),
    IQ3_S(21, 256, 110, false),
    IQ2_S(22, 256, 82, false),
    IQ4_XS(23, 256, 136, false),
    I8(24, 1, 1, false),
    I16(25, 1, 2, false),
    I32(26, 1, 4, false),
    I64(27, 1, 8, false),
    F64(28, 1, 8, false),
    IQ1_M(29, 256, 56, false),
    BF16(30, 1, 2, true),
    TQ1_0(34, 256, 54, false),
    TQ2_0(35, 256, 66, false),
    MXFP4(39, 32, 17, false);

    private static final GgmlType[] BY_ID = new GgmlType[64];

    static {
        for (GgmlType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    private final int id;
    private final int blockSize;
    private final int typeSize;
    private final boolean supported;

    GgmlType(int id, int blockSize, int typeSize, boolean supported) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
        this.supported = supported;
    }

    /** GGML's numeric id of the type, as stored in a GGUF tensor directory. */
    public int id() {
        return id;
    }

    /** Elements per block (1 for plain float types). */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int typeSize() {
        return typeSize;
    }

    /** Whether Tramontane has kernels for this type. */
    public boolean supported() {
        return supported;
    }

    /** Bytes needed for {@code elements} elements; {@code elements} must be a multiple of the block size. */
    public long byteSize(long elements) {
        if (elements % blockSize != 0) {
            throw new IllegalArgumentException(
                    elements + " elements is not a multiple of the " + name() + " block size " + blockSize);
        }
        return Math.multiplyExact(elements / blockSize, (long) typeSize);
    }

    /** The type with GGML id {@code id}, or {@code null} if GGML defines none with that id. */
    public static GgmlType byId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** The supported types, comma separated, for error messages. */
    public static String supportedNames() {
        return Arrays.stream(values()).filter(GgmlType::supported).map(Enum::name).collect(Collectors.joining(", "));
    }
}
