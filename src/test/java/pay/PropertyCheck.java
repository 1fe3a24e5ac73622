package pay;

import static org.quicktheories.QuickTheory.qt;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.quicktheories.core.Gen;

/**
 * Runs a QuickTheories property and records how many inputs it tried (shrinking included) as a
 * {@link ClosingFigures closing figure}. The property is named after the test method that calls this.
 */
public final class PropertyCheck {
    /** Bounds the search for a smaller failing input, so a failure over HTTP is reported in seconds. */
    private static final int SHRINK_CYCLES = 200;
    /**
     * CI runs are reproducible: the same inputs every time. Explore others with -Dpay.property.seed=N
     * (a failure prints its seed).
     */
    private static final long SEED = Long.getLong("pay.property.seed", 20261203L);

    private PropertyCheck() {
    }

    public static <T> void forAll(int examples, Gen<T> inputs, Consumer<T> property) {
        String name = callerName();
        AtomicLong tried = new AtomicLong();
        try {
            qt().withFixedSeed(SEED).withExamples(examples).withShrinkCycles(SHRINK_CYCLES).forAll(inputs).checkAssert(input -> {
                tried.incrementAndGet();
                property.accept(input);
            });
        } finally {
            record(name, tried.get());
        }
    }

    public static <A, B> void forAll(int examples, Gen<A> first, Gen<B> second, BiConsumer<A, B> property) {
        String name = callerName();
        AtomicLong tried = new AtomicLong();
        try {
            qt().withFixedSeed(SEED).withExamples(examples).withShrinkCycles(SHRINK_CYCLES).forAll(first, second).checkAssert((a, b) -> {
                tried.incrementAndGet();
                property.accept(a, b);
            });
        } finally {
            record(name, tried.get());
        }
    }

    private static String callerName() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.skip(2).findFirst())
                .map(frame -> frame.getDeclaringClass().getSimpleName() + "." + frame.getMethodName())
                .orElseThrow();
    }

    private static void record(String property, long tried) {
        ClosingFigures.record(property, "inputs tried: " + property + " " + tried);
    }
}
