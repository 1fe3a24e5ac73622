package pay.store;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import pay.invoice.FailPoints;

/**
 * The fail point {@code migration-applied}: after each migration's statements, inside its transaction, so
 * the crash tests can stop Pay in the middle of creating its schema.
 */
final class MigrationFailPoint implements Callback {

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_EACH_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        FailPoints.reach("migration-applied");
    }

    @Override
    public String getCallbackName() {
        return "pay-fail-point";
    }
}
