package pay.store;

import java.sql.SQLException;

/** A database failure the caller cannot fix by changing its input (connection lost, constraint broken). */
public final class DatabaseException extends RuntimeException {
    public DatabaseException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
