package no.knutepunkt.hub.messaging.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for the message path's hot transactions (a message accepted, a delivery handed over): the units of
 * work that callers submit at about the same time run in one database transaction, each in a savepoint of its
 * own, and every caller returns only once that transaction has committed. A unit that fails is rolled back to its
 * savepoint and fails alone; a commit that fails fails them all. What each caller gets is what a transaction of
 * its own would have given, at the cost of one commit for many (the embedded database writes its changed pages
 * once per commit, PostgreSQL syncs its log once per commit).
 *
 * <p>A caller already inside a transaction runs its unit in that transaction.
 */
public final class GroupCommit implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private final TransactionTemplate batch;
    private final TransactionTemplate unit;
    private final int maxBatch;
    private final BlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean stopped;

    private record Unit<T>(Supplier<T> work, CompletableFuture<T> done) {
    }

    /** Ends the writer once the units before it are committed. */
    private static final Unit<Object> STOP = new Unit<>(() -> null, new CompletableFuture<>());

    public GroupCommit(PlatformTransactionManager transactions, int maxBatch) {
        this.batch = new TransactionTemplate(transactions);
        this.unit = new TransactionTemplate(transactions);
        this.unit.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.maxBatch = Math.max(1, maxBatch);
        this.writer = new Thread(this::run, "group-commit");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Runs {@code work} in a transaction, committed together with others submitted at the same time. */
    public <T> T execute(Supplier<T> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return work.get();
        }
        if (stopped) {
            throw new IllegalStateException("the hub is stopping");
        }
        Unit<T> submitted = new Unit<>(work, new CompletableFuture<>());
        queue.add(submitted);
        try {
            return submitted.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void run() {
        List<Unit<?>> units = new ArrayList<>(maxBatch);
        boolean stop = false;
        while (!stop) {
            try {
                units.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(units, maxBatch - 1);
            stop = units.remove(STOP);
            if (!units.isEmpty()) {
                commit(units);
            }
            units.clear();
        }
        Unit<?> left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new IllegalStateException("the hub is stopping"));
        }
    }

    private void commit(List<Unit<?>> units) {
        List<Object> results = new ArrayList<>(units.size());
        List<Throwable> failures = new ArrayList<>(units.size());
        try {
            batch.executeWithoutResult(status -> {
                for (Unit<?> u : units) {
                    try {
                        results.add(unit.execute(s -> u.work().get()));
                        failures.add(null);
                    } catch (RuntimeException | Error e) {
                        results.add(null);
                        failures.add(e);
                    }
                }
            });
        } catch (RuntimeException | Error e) {
            log.warn("A group commit of {} units failed: {}", units.size(), e.toString());
            units.forEach(u -> u.done().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < units.size(); i++) {
            complete(units.get(i), results.get(i), failures.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Unit<T> unit, Object result, Throwable failure) {
        if (failure != null) {
            unit.done().completeExceptionally(failure);
        } else {
            unit.done().complete((T) result);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        stopped = true;
        queue.add(STOP);
        writer.join(30_000);
    }
}
