package pay.app;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser's part on the sign-up and seller pages, over real HTTP: GETs, form posts and reading the page. */
final class SellerPagesClient {
    /** A header no reply may echo: platform-http copies request headers into replies unless a route drops them. */
    static final String PROBE_HEADER = "X-Probe";
    static final String PROBE_VALUE = "probe-value-not-to-be-echoed";

    private final PayHarness pay;

    SellerPagesClient(PayHarness pay) {
        this.pay = pay;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return pay.send(HttpRequest.newBuilder(pay.uri(path)).header(PROBE_HEADER, PROBE_VALUE).GET().build());
    }

    HttpResponse<String> post(String path, Map<String, String> fields) throws IOException, InterruptedException {
        return pay.send(HttpRequest.newBuilder(pay.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(PROBE_HEADER, PROBE_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString(PayHarness.form(fields))).build());
    }

    HttpResponse<String> signUp(String email, String password, String passwordAgain) throws IOException, InterruptedException {
        return post("/signup", fields("email", email, "recovery_password", password,
                "recovery_password_again", passwordAgain));
    }

    HttpResponse<String> recover(String email, String password) throws IOException, InterruptedException {
        return post("/signup/recover", fields("email", email, "recovery_password", password));
    }

    HttpResponse<String> sellerPage(String apiKey) throws IOException, InterruptedException {
        return post("/seller", fields("api_key", apiKey));
    }

    HttpResponse<String> resend(String apiKey, String txnId) throws IOException, InterruptedException {
        return post("/seller/resend", fields("api_key", apiKey, "txn_id", txnId));
    }

    /** The text of the element with this id, as the page has it (still HTML-escaped); null when absent. */
    static String elementText(String html, String id) {
        Matcher element = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(html);
        return element.find() ? element.group(1) : null;
    }

    /** The machine-readable reason of a refusal page: its alert's {@code data-error}; null when there is none. */
    static String refusalReason(String html) {
        Matcher reason = Pattern.compile("role=\"alert\"[^>]*data-error=\"([a-z_]+)\"").matcher(html);
        return reason.find() ? reason.group(1) : null;
    }

    static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }
}
