package pay.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Borrowing a pooled connection for one unit of work, with SQL failures turned unchecked. */
public final class Jdbc {

    /** Work on one connection; may throw SQLException. */
    @FunctionalInterface
    public interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    private Jdbc() {
    }

    /**
     * Runs {@code work} in one transaction: commits when it returns, rolls back when it throws.
     * For every change that must happen all together or not at all. On SQLite the transaction takes
     * the write lock when it begins (see Database), so keep slow work (HTTP, hashing) outside.
     */
    public static <T> T inTransaction(DataSource dataSource, String what, Work<T> work) {
        // The pool restores auto-commit when the connection goes back.
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.on(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException failure) {
                rollBack(connection, failure);
                throw failure;
            }
        } catch (SQLException failure) {
            throw new DatabaseException(what, failure);
        }
    }

    // A failed rollback must not hide the failure that caused it.
    private static void rollBack(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    /**
     * Runs {@code work} with auto-commit: each statement is its own transaction. For reads, and for
     * a change made by one statement; on SQLite, reads this way never wait for a writer.
     */
    public static <T> T withConnection(DataSource dataSource, String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.on(connection);
        } catch (SQLException failure) {
            throw new DatabaseException(what, failure);
        }
    }
}
