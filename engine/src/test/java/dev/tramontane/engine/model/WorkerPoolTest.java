package dev.tramontane.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void runsEveryPartExactlyOnceOnItsOwnThreadStepAfterStep() {
        WorkerPool pool = new WorkerPool(3);
        for (int step = 0; step < 500; step++) {
            AtomicIntegerArray hits = new AtomicIntegerArray(3);
            ConcurrentHashMap<Integer, Thread> threads = new ConcurrentHashMap<>();
            pool.run((part, parts) -> {
                assertThat(parts).isEqualTo(3);
                hits.incrementAndGet(part);
                threads.put(part, Thread.currentThread());
            });
            for (int p = 0; p < 3; p++) {
                assertThat(hits.get(p)).isEqualTo(1);
            }
            assertThat(threads.values()).doesNotHaveDuplicates().contains(Thread.currentThread());
        }
    }

    @Test
    void aFailingPartFailsTheStepAndThePoolKeepsWorking() {
        WorkerPool pool = new WorkerPool(2);
        assertThatThrownBy(() -> pool.run((part, parts) -> {
            if (part == 1) {
                throw new IllegalStateException("part one broke");
            }
        })).hasMessage("part one broke");
        AtomicIntegerArray hits = new AtomicIntegerArray(2);
        pool.run((part, parts) -> hits.incrementAndGet(part));
        assertThat(hits.get(0) + hits.get(1)).isEqualTo(2);
    }

    @Test
    void aStepStartedFromInsideAStepRunsInlineAndCallersFromSeveralThreadsTakeTurns() throws Exception {
        WorkerPool pool = new WorkerPool(2);
        AtomicIntegerArray inner = new AtomicIntegerArray(2);
        pool.run((part, parts) -> pool.run((p, ps) -> {
            assertThat(ps).isIn(1, 2);
            inner.incrementAndGet(part);
        }));
        assertThat(inner.get(0)).isEqualTo(1);
        assertThat(inner.get(1)).isEqualTo(1);

        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> sums = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                sums.add(callers.submit(() -> {
                    int total = 0;
                    for (int i = 0; i < 200; i++) {
                        AtomicIntegerArray hits = new AtomicIntegerArray(2);
                        pool.run((part, parts) -> hits.incrementAndGet(part));
                        total += hits.get(0) + hits.get(1);
                    }
                    return total;
                }));
            }
            for (Future<Integer> f : sums) {
                assertThat(f.get()).isEqualTo(400);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void everyChunkIsClaimedOnceAndASlowPartLeavesMostOfThemToTheOther() {
        WorkerPool pool = new WorkerPool(2);
        int chunks = 64;
        for (int step = 0; step < 3; step++) {
            AtomicIntegerArray claims = new AtomicIntegerArray(chunks);
            AtomicIntegerArray byPart = new AtomicIntegerArray(2);
            pool.run((part, parts) -> {
                for (int c = pool.nextChunk(); c < chunks; c = pool.nextChunk()) {
                    claims.incrementAndGet(c);
                    byPart.incrementAndGet(part);
                    if (part == 0) {
                        LockSupport.parkNanos(2_000_000);
                    }
                }
            });
            for (int c = 0; c < chunks; c++) {
                assertThat(claims.get(c)).as("chunk %d", c).isEqualTo(1);
            }
            // a fixed half each would give part 1 32 chunks; part 0 spends 2 ms on each of its own
            assertThat(byPart.get(1)).isGreaterThan(chunks / 2);
        }
    }
}
