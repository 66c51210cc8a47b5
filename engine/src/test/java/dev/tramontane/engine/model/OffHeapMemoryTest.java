package dev.tramontane.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@link OffHeapMemory}: zeroed, writable, aligned memory that is returned to the system when its arena closes. */
class OffHeapMemoryTest {

    private static final long SIZE = 24L << 20;

    @Test
    void onLinuxTheMemoryIsAnAnonymousMapping() {
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
        String arch = System.getProperty("os.arch", "");
        assertThat(OffHeapMemory.mapsAnonymousMemory())
                .as("mmap on Linux x86-64/AArch64, Arena.allocate elsewhere")
                .isEqualTo(linux && (arch.equals("amd64") || arch.equals("aarch64")));
    }

    @Test
    void memoryComesZeroedAlignedAndWritableAndIsUnmappedWhenTheArenaCloses() throws IOException {
        MemorySegment segment;
        long address;
        try (Arena arena = Arena.ofShared()) {
            segment = OffHeapMemory.allocate(arena, SIZE);
            address = segment.address();
            assertThat(segment.byteSize()).isEqualTo(SIZE);
            assertThat(address % 64).isZero();
            for (long o = 0; o < SIZE; o += 4093) {
                assertThat(segment.get(ValueLayout.JAVA_BYTE, o)).as("byte %d", o).isZero();
            }
            for (long o = 0; o < SIZE; o += 8) {
                segment.set(ValueLayout.JAVA_LONG_UNALIGNED, o, o * 31);
            }
            for (long o = 0; o < SIZE; o += 8 * 1021) {
                assertThat(segment.get(ValueLayout.JAVA_LONG_UNALIGNED, o)).isEqualTo(o * 31);
            }
            if (OffHeapMemory.mapsAnonymousMemory()) {
                assertThat(mapped(address)).as("the mapping at %x is in /proc/self/maps", address).isTrue();
            }
        }
        assertThatThrownBy(() -> segment.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
        if (OffHeapMemory.mapsAnonymousMemory()) {
            assertThat(mapped(address)).as("munmap'ed when the arena closed").isFalse();
        }
    }

    @Test
    void moreMemoryThanTheSystemHasIsAnOutOfMemoryErrorWithTheSize() {
        try (Arena arena = Arena.ofConfined()) {
            // 2^50 bytes: past any machine's memory and past x86-64's 47-bit user address space
            assertThatThrownBy(() -> OffHeapMemory.allocate(arena, 1L << 50))
                    .isInstanceOf(OutOfMemoryError.class);
            assertThatThrownBy(() -> OffHeapMemory.allocate(arena, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Whether a mapping of this process starts at {@code address}. */
    private static boolean mapped(long address) throws IOException {
        String start = HexFormat.of().toHexDigits(address).replaceFirst("^0+(?=.)", "") + "-";
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(line -> line.startsWith(start));
    }
}
