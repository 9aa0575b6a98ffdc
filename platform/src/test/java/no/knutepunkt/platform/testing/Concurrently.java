package no.knutepunkt.platform.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs the same work on several threads, let go at the same moment, and gathers what each found wrong. */
public final class Concurrently {
    private Concurrently() {
    }

    /** One thread's work: adds a line to {@code wrong} for each wrong answer it gets. */
    @FunctionalInterface
    public interface Work {
        void run(int thread, List<String> wrong) throws Exception;
    }

    /**
     * Runs {@code work} on {@code threads} threads (numbered from 0), all started together; waits for them all.
     *
     * @return the wrong answers of all threads, thread by thread (empty if all were right)
     * @throws java.util.concurrent.ExecutionException a thread's work threw
     */
    public static List<String> wrongAnswers(int threads, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<List<String>> task = () -> {
                    start.await();
                    List<String> wrong = new ArrayList<>();
                    work.run(thread, wrong);
                    return wrong;
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<String> wrong = new ArrayList<>();
            for (Future<List<String>> f : futures) {
                wrong.addAll(f.get());
            }
            return wrong;
        } finally {
            pool.shutdownNow();
        }
    }
}
