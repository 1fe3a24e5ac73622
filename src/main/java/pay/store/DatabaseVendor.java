package pay.store;

import java.util.Locale;
import java.util.regex.Pattern;

/** The two databases Pay runs on, told apart by the JDBC URL. */
enum DatabaseVendor {
    SQLITE("jdbc:sqlite:"),
    POSTGRESQL("jdbc:postgresql:");

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;][a-z]*password=)[^&;]*");
    private static final Pattern PASSWORD_IN_AUTHORITY = Pattern.compile("//([^/@:]*):[^/@]*@");

    private final String urlPrefix;

    DatabaseVendor(String urlPrefix) {
        this.urlPrefix = urlPrefix;
    }

    static DatabaseVendor of(String jdbcUrl) {
        for (DatabaseVendor vendor : values()) {
            if (jdbcUrl.startsWith(vendor.urlPrefix)) {
                return vendor;
            }
        }
        throw new IllegalArgumentException("Unsupported database URL " + withoutCredentials(jdbcUrl)
                + ": Pay runs on jdbc:sqlite:<file> or jdbc:postgresql://host:port/database");
    }

    /** "sqlite" or "postgresql". */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The part after the prefix, e.g. the file of a SQLite URL. */
    String rest(String jdbcUrl) {
        return jdbcUrl.substring(urlPrefix.length());
    }

    /** The URL with any password in it masked, for banners and error messages. */
    static String withoutCredentials(String jdbcUrl) {
        String masked = PASSWORD_PARAMETER.matcher(jdbcUrl).replaceAll("$1***");
        return PASSWORD_IN_AUTHORITY.matcher(masked).replaceAll("//$1:***@");
    }
}
