package pay.invoice;

import java.time.Instant;

/** One step-6 delivery attempt, as logged: when, what HTTP status came back (null if none), what failed. */
public record NotificationAttempt(String deliveryId, String notificationId, int attempt, Instant at,
                                  Integer httpStatus, String error) {

    public boolean delivered() {
        return error == null;
    }
}
