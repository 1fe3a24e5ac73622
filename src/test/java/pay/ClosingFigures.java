package pay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The figures a test run closes with (kills survived, inputs tried, secrets looked for…): each is printed on
 * the test's standard output and written to {@code target/closing-figures/<name>.txt}, which {@code .ci/run}
 * prints after the build, since the test output itself goes to files.
 */
public final class ClosingFigures {
    private static final Path FOLDER = Path.of("target", "closing-figures");

    private ClosingFigures() {
    }

    /** Records {@code line} under {@code name}; a later record under the same name replaces it. */
    public static void record(String name, String line) {
        System.out.println(line);
        try {
            Files.createDirectories(FOLDER);
            Files.writeString(FOLDER.resolve(name + ".txt"), line + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not record " + line, e);
        }
    }
}
