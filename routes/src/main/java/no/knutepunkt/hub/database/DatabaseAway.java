package no.knutepunkt.hub.database;

import java.util.List;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * The failures that mean the database is out of reach for a while (restarting, failing over, every connection of
 * the pool broken) rather than that the work is wrong: worth answering 503 to a caller, or waiting out.
 */
public final class DatabaseAway {
    /** Spring's exceptions for a database out of reach, and for a transaction that could not begin or end. */
    public static final List<Class<? extends Exception>> FAILURES = List.of(DataAccessResourceFailureException.class,
            TransientDataAccessException.class, RecoverableDataAccessException.class,
            CannotCreateTransactionException.class, TransactionSystemException.class);

    private DatabaseAway() {
    }

    public static boolean is(Throwable failure) {
        return FAILURES.stream().anyMatch(type -> type.isInstance(failure));
    }

    /** {@link #FAILURES} as an array, for Camel's onException. */
    @SuppressWarnings("unchecked")
    public static Class<? extends Throwable>[] failures() {
        return FAILURES.toArray(Class[]::new);
    }
}
