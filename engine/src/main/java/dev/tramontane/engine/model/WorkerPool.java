package dev.tramontane.engine.model;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of threads that run one data-parallel step at a time: {@link #run} hands the same
 * {@link Step} to every thread, each with its part number, and returns when all parts are done
 * (one barrier). The threads live as long as the pool, so a token costs a few wake-ups, not task
 * objects and fork-join queues.
 *
 * <p>Waiting spins only briefly, then parks: the machines this runs on are often shared (a build
 * running beside inference), and a spinning barrier then steals the core the last part needs —
 * the failure mode of llama.cpp's spin barriers under oversubscription.
 *
 * <p>Steps from several callers are serialised; a step that itself calls {@link #run} runs its
 * inner step inline, as a single part on the thread that asked.
 */
public final class WorkerPool {

    /** One part of a data-parallel step. */
    @FunctionalInterface
    public interface Step {
        void run(int part, int parts);
    }

    /** Spin iterations before parking; about a few microseconds. */
    private static final int SPINS = 2_000;

    private static volatile WorkerPool shared;

    private final int size;
    private final Worker[] workers;
    private final ReentrantLock callers = new ReentrantLock();
    private final AtomicInteger remaining = new AtomicInteger();
    /** The next unclaimed chunk of the running step ({@link #nextChunk}). */
    private final AtomicInteger chunkCursor = new AtomicInteger();
    private volatile Step step;
    private volatile Thread caller;
    private volatile Throwable failure;

    /** A pool of {@code size} threads in all: the caller of {@link #run} and {@code size − 1} workers. */
    public WorkerPool(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a worker pool needs at least one thread, not " + size);
        }
        this.size = size;
        this.workers = new Worker[size - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    /**
     * The process's pool, made on first use with {@code tramontane.threads} threads (system
     * property), else one per available processor.
     */
    public static WorkerPool shared() {
        WorkerPool p = shared;
        if (p == null) {
            synchronized (WorkerPool.class) {
                p = shared;
                if (p == null) {
                    p = new WorkerPool(Integer.getInteger("tramontane.threads", Runtime.getRuntime().availableProcessors()));
                    shared = p;
                }
            }
        }
        return p;
    }

    public int size() {
        return size;
    }

    /**
     * For a step that splits its work into chunks claimed as threads come free rather than one
     * fixed share per part: returns 0, 1, 2, … across all parts of the step {@link #run} is
     * running, each number once, so a part loops until the number passes its chunk count. A fixed
     * half per thread finishes at the speed of the slower core, and on these shared 2-vCPU machines
     * one core is often 10–20 % slower than the other for seconds at a time. Only meaningful inside
     * a step running on the pool's threads (parts &gt; 1); a step run inline (one part) does all its
     * work itself.
     */
    public int nextChunk() {
        return chunkCursor.getAndIncrement();
    }

    /** Runs {@code s} as parts {@code 0 … size−1}, one per thread, and waits for all of them. */
    public void run(Step s) {
        if (size == 1 || Thread.currentThread() instanceof Worker || callers.isHeldByCurrentThread()) {
            s.run(0, 1);
            return;
        }
        callers.lock();
        try {
            failure = null;
            chunkCursor.set(0);
            step = s;
            caller = Thread.currentThread();
            remaining.set(workers.length);
            for (Worker w : workers) {
                w.wake();
            }
            try {
                s.run(0, size);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            int spins = 0;
            while (remaining.get() != 0) {
                if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            step = null;
            Throwable f = failure;
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error err) {
                throw err;
            }
        } finally {
            callers.unlock();
        }
    }

    private final class Worker extends Thread {

        private final int part;
        private volatile long generation;
        private long seen;

        Worker(int part) {
            super("tramontane-worker-" + part);
            this.part = part;
            setDaemon(true);
        }

        void wake() {
            generation++;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                int spins = 0;
                while (generation == seen) {
                    if (++spins < SPINS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                seen = generation;
                try {
                    step.run(part, size);
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
                if (remaining.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }
}
