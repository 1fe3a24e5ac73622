package pay.cli;

import java.nio.file.Path;
import java.util.Map;
import pay.store.DatabaseSettings;
import picocli.CommandLine.Option;

/**
 * Where Pay keeps its data, shared by every command that touches it: the data folder (SQLite file,
 * master.key) and, optionally, another database by JDBC URL. Options win over the environment.
 */
public final class DataOptions {

    public static final String URL_VARIABLE = "PAY_DB_URL";
    public static final String USER_VARIABLE = "PAY_DB_USER";
    public static final String PASSWORD_VARIABLE = "PAY_DB_PASSWORD";

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "Folder for the SQLite database and master.key (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--db-url", paramLabel = "URL",
            description = "JDBC URL of the database, e.g. jdbc:postgresql://host:5432/pay "
                    + "(default: env " + URL_VARIABLE + ", else SQLite file pay.db in the data folder).")
    private String databaseUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user (default: env " + USER_VARIABLE + ").")
    private String databaseUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD",
            description = "Database password (default: env " + PASSWORD_VARIABLE
                    + "; prefer the variable: command lines are visible to other users).")
    private String databasePassword;

    public Path dataDir() {
        return dataDir;
    }

    /** The database these options and {@code env} point at: SQLite in the data folder unless a URL is given. */
    public DatabaseSettings databaseSettings(Map<String, String> env) {
        String url = optionOrVariable(databaseUrl, env, URL_VARIABLE);
        if (url == null) {
            return DatabaseSettings.sqliteIn(dataDir);
        }
        return DatabaseSettings.forUrl(url, optionOrVariable(databaseUser, env, USER_VARIABLE),
                optionOrVariable(databasePassword, env, PASSWORD_VARIABLE));
    }

    private static String optionOrVariable(String option, Map<String, String> env, String variable) {
        String value = option != null ? option : env.get(variable);
        return value == null || value.isBlank() ? null : value;
    }
}
