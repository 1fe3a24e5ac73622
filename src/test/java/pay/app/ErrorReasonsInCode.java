package pay.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The machine-readable error reasons Pay's source can send, with their HTTP statuses, read from the source
 * itself: every {@code PayRejection} built (directly or by its factories) and every reply that puts an
 * {@code "error"} field. Reasons are literals, constants, or a literal prefix plus a parameter whose values
 * are the constants passed at the method's call sites. A reason it cannot resolve fails the scan, so a new
 * way of building errors is noticed rather than missed.
 */
final class ErrorReasonsInCode {
    private static final Pattern CONSTRUCTED = Pattern.compile("new PayRejection\\(\\s*(\\d{3})\\s*,\\s*([^,]+?)\\s*,");
    private static final Pattern FACTORY_CALL = Pattern.compile("PayRejection\\.(\\w+)\\(\\s*([^,]+?)\\s*,");
    private static final Pattern FACTORY = Pattern.compile(
            "static PayRejection (\\w+)\\(String reason[^)]*\\)\\s*\\{\\s*return new PayRejection\\((\\d{3}),\\s*reason\\b");
    private static final Pattern ERROR_FIELD = Pattern.compile("\\.put\\(\"error\",\\s*(.+?)\\);");
    private static final Pattern REPLY_STATUS = Pattern.compile("(?:reply\\(\\w+,\\s*|setStatusCode\\()(\\d{3})");
    private static final Pattern LITERAL = Pattern.compile("\"([a-z_]+)\"");
    private static final Pattern CONSTANT = Pattern.compile("(?:(\\w+)\\.)?([A-Z][A-Z0-9_]*)");
    private static final Pattern PREFIX_PLUS_PARAMETER = Pattern.compile("\"([a-z_]+)\"\\s*\\+\\s*([a-z]\\w*)");
    private static final Pattern FORWARDED = Pattern.compile("[a-z]\\w*(\\.\\w+\\(\\))?");

    /**
     * {@code pay.payout.fee-addr} is checked with the payout address's rule when Pay starts: a bad one stops
     * the start and is never an HTTP reply.
     */
    private static final Set<String> NOT_REPLIES = Set.of("invalid_fee_addr");

    private final Map<String, String> sourceByClass;

    private ErrorReasonsInCode(Map<String, String> sourceByClass) {
        this.sourceByClass = sourceByClass;
    }

    /** reason -> HTTP status, for every reason the Java sources under {@code root} can reply with. */
    static Map<String, Integer> scan(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            Map<String, String> sources = files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toMap(
                    f -> f.getFileName().toString().replace(".java", ""), ErrorReasonsInCode::read, String::concat));
            return new ErrorReasonsInCode(sources).reasons();
        }
    }

    private Map<String, Integer> reasons() {
        Map<String, Integer> factoryStatuses = new TreeMap<>();
        Matcher factory = FACTORY.matcher(sourceByClass.get("PayRejection"));
        while (factory.find()) {
            factoryStatuses.put(factory.group(1), Integer.parseInt(factory.group(2)));
        }
        Map<String, Integer> reasons = new TreeMap<>();
        sourceByClass.forEach((className, source) -> {
            Matcher constructed = CONSTRUCTED.matcher(source);
            while (constructed.find()) {
                add(reasons, resolve(constructed.group(2), className, constructed.start()),
                        Integer.parseInt(constructed.group(1)));
            }
            Matcher factoryCall = FACTORY_CALL.matcher(source);
            while (factoryCall.find()) {
                Integer status = factoryStatuses.get(factoryCall.group(1));
                if (status == null) {
                    throw new IllegalStateException("PayRejection." + factoryCall.group(1)
                            + " is not a factory of the form `static PayRejection x(String reason, …) { return new PayRejection(NNN, reason, …`");
                }
                add(reasons, resolve(factoryCall.group(2), className, factoryCall.start()), status);
            }
            Matcher errorField = ERROR_FIELD.matcher(source);
            while (errorField.find()) {
                Set<String> found = resolve(errorField.group(1), className, errorField.start());
                Matcher status = REPLY_STATUS.matcher(source);
                if (!found.isEmpty() && !status.find(errorField.end())) {
                    throw new IllegalStateException(className + ": no reply status after " + errorField.group());
                }
                if (!found.isEmpty()) {
                    add(reasons, found, Integer.parseInt(status.group(1)));
                }
            }
        });
        reasons.keySet().removeAll(NOT_REPLIES);
        return reasons;
    }

    private static void add(Map<String, Integer> reasons, Set<String> found, int status) {
        for (String reason : found) {
            Integer before = reasons.put(reason, status);
            if (before != null && before != status) {
                throw new IllegalStateException(reason + " is sent with two statuses: " + before + " and " + status);
            }
        }
    }

    /** The reasons an expression can be; none when it passes on a reason decided elsewhere. */
    private Set<String> resolve(String expression, String className, int at) {
        Matcher literal = LITERAL.matcher(expression);
        if (literal.matches()) {
            return Set.of(literal.group(1));
        }
        Matcher constant = CONSTANT.matcher(expression);
        if (constant.matches()) {
            return Set.of(constant(constant.group(1) == null ? className : constant.group(1), constant.group(2)));
        }
        Matcher prefixed = PREFIX_PLUS_PARAMETER.matcher(expression);
        if (prefixed.matches()) {
            Set<String> reasons = new LinkedHashSet<>();
            for (String argument : argumentsFor(className, prefixed.group(2), at)) {
                reasons.addAll(resolve(argument, className, at).stream().map(v -> prefixed.group(1) + v).toList());
            }
            return reasons;
        }
        if (FORWARDED.matcher(expression).matches()) {
            return Set.of();
        }
        throw new IllegalStateException(className + ": cannot tell which error reason `" + expression + "` is");
    }

    private String constant(String className, String name) {
        String source = sourceByClass.get(className);
        Matcher value = Pattern.compile("String " + name + "\\s*=\\s*\"([^\"]*)\"").matcher(source == null ? "" : source);
        if (!value.find()) {
            throw new IllegalStateException("no String constant " + className + "." + name);
        }
        return value.group(1);
    }

    /**
     * What the callers of the method enclosing {@code at} pass as its parameter {@code parameter} (the first
     * one): literals, or constants of the class that declares the method.
     */
    private Set<String> argumentsFor(String className, String parameter, int at) {
        String source = sourceByClass.get(className);
        Matcher declaration = Pattern.compile("(\\w+)\\(String " + parameter + "\\b").matcher(source);
        String method = null;
        while (declaration.find() && declaration.start() < at) {
            method = declaration.group(1);
        }
        if (method == null) {
            throw new IllegalStateException(className + ": no method taking String " + parameter + " before a reason");
        }
        Set<String> arguments = new LinkedHashSet<>();
        Pattern call = Pattern.compile("\\b" + method + "\\(\\s*(\"[^\"]*\"|[A-Z][A-Z0-9_]*)\\s*,");
        sourceByClass.values().forEach(caller -> {
            Matcher argument = call.matcher(caller);
            while (argument.find()) {
                arguments.add(argument.group(1).startsWith("\"") ? argument.group(1)
                        : "\"" + constant(className, argument.group(1)) + "\"");
            }
        });
        return arguments;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
