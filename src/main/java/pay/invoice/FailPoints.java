package pay.invoice;

/**
 * Named points between a durable step and the side effect that follows it, where the crash tests
 * stop Pay. Inert unless the environment names one in {@code PAY_FAILPOINT}: the first time that
 * point is reached, Pay says so on stderr and hangs there until the test kills it with SIGKILL.
 */
public final class FailPoints {
    private static final String ARMED = System.getenv("PAY_FAILPOINT");
    private static boolean fired;

    private FailPoints() {
    }

    public static void reach(String point) {
        if (ARMED == null || !ARMED.equals(point)) {
            return;
        }
        synchronized (FailPoints.class) {
            if (fired) {
                return;
            }
            fired = true;
            System.err.println("FAILPOINT " + point + " reached");
            System.err.flush();
            while (true) {
                try {
                    FailPoints.class.wait();
                } catch (InterruptedException ignored) {
                    // Only SIGKILL ends this wait.
                }
            }
        }
    }
}
