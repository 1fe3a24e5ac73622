package pay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * planning/openapi.json against the running Pay: what Pay serves is documented and what is documented is
 * served, the error reasons are the ones the code produces, and a real step-6 notification fits the webhook.
 */
class OpenApiDriftTest {
    private static final Path DOCUMENT = Path.of("planning/openapi.json");
    private static final Path SPEC = Path.of("planning/spec.md");
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    private static PayHarness pay;
    private static JsonNode openapi;

    @BeforeAll
    static void startPay() throws Exception {
        pay = new PayHarness(dataDir);
        openapi = JSON.readTree(DOCUMENT.toFile());
    }

    @AfterAll
    static void stopPay() {
        if (pay != null) {
            pay.close();
        }
    }

    @Test
    void payServesPlanningOpenapiJsonAtSlashOpenapiJson() throws Exception {
        HttpResponse<String> served = pay.send(HttpRequest.newBuilder(pay.uri("/openapi.json")).GET().build());

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(served.body())).isEqualTo(openapi);
        assertThat(openapi.path("openapi").asText()).isEqualTo("3.1.0");
    }

    @Test
    void everyReferenceInTheDocumentResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(openapi, refs);

        assertThat(refs).isNotEmpty().allSatisfy(ref ->
                assertThat(openapi.at(ref.substring(1)).isMissingNode()).as("%s resolves", ref).isFalse());
    }

    @Test
    void everyRouteThatPayServesIsDocumentedWithItsMethods() {
        PlatformHttpComponent http = pay.app.context().getComponent("platform-http", PlatformHttpComponent.class);
        List<HttpEndpointModel> served = Stream.concat(http.getHttpEndpoints().stream(),
                http.getHttpManagementEndpoints().stream()).toList();

        assertThat(served).extracting(HttpEndpointModel::getUri).contains("/pay", "/openapi.json", "/observe/health");
        assertThat(served).allSatisfy(endpoint -> {
            JsonNode path = openapi.path("paths").path(endpoint.getUri());
            assertThat(path.isObject()).as("%s is in planning/openapi.json", endpoint.getUri()).isTrue();
            Set<String> documented = new TreeSet<>();
            path.fieldNames().forEachRemaining(documented::add);
            documented.retainAll(METHODS);
            assertThat(documented).as("methods documented for %s", endpoint.getUri())
                    .containsAll(methodsOf(endpoint));
        });
    }

    @Test
    void everyDocumentedOperationAnswers() throws Exception {
        String txnId = JSON.readTree(pay.post(pay.order(3, "http://127.0.0.1:9/ipn", "d".repeat(40))).body())
                .get("txn_id").asText();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openapi.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (!METHODS.contains(method)) {
                    continue;
                }
                HttpResponse<String> answer = pay.send(HttpRequest.newBuilder(pay.uri(path.getKey().replace("{txn_id}", txnId)))
                        .method(method.toUpperCase(), HttpRequest.BodyPublishers.noBody()).build());
                assertThat(answer.statusCode()).as("%s %s", method.toUpperCase(), path.getKey())
                        .isNotIn(404, 405);
                assertThat(path.getValue().path(method).path("responses").has(Integer.toString(answer.statusCode())))
                        .as("%s %s answered %d, a documented status", method.toUpperCase(), path.getKey(),
                                answer.statusCode())
                        .isTrue();
            }
        }
    }

    @Test
    void theErrorReasonsOfTheDocumentAndTheSpecAreThoseTheCodeProducesWithTheSameStatuses() throws IOException {
        Map<String, Integer> inCode = ErrorReasonsInCode.scan(SOURCES);

        assertThat(inCode).as("reasons found in src/main/java")
                .containsEntry("unknown_api_key", 401).containsEntry("invalid_payout_addr", 400);
        assertThat(documentedReasons()).as("reasons in planning/openapi.json").isEqualTo(inCode);
        assertThat(specReasons()).as("reasons in planning/spec.md's Errors table").isEqualTo(inCode);
    }

    @Test
    void aRealNotificationFitsTheDocumentedWebhook() throws Exception {
        JsonNode webhook = openapi.at("/webhooks/paymentNotification/post");
        JsonNode schema = openapi.at(webhook.at("/requestBody/content/application~1x-www-form-urlencoded/schema/$ref")
                .asText().substring(1));
        try (SellerServer seller = new SellerServer()) {
            PayHarness.Account customer = pay.account(2);
            Map<String, String> order = pay.order(2, seller.listenUrl(), pay.account(0).addr());
            order.put("sell_order", "book-42");
            HttpResponse<String> created = pay.post(order);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            pay.blc.sendCoin(JSON.readTree(created.body()).get("address").asText(), 2, customer.addr(), customer.pwd());

            SellerServer.Received notification = await().atMost(Duration.ofSeconds(30))
                    .until(seller::received, received -> !received.isEmpty()).get(0);

            assertThat(notification.contentType()).startsWith("application/x-www-form-urlencoded");
            assertThat(notification.signature()).as("the Pay-Signature header")
                    .matches(webhook.at("/parameters/0/schema/pattern").asText());
            Set<String> required = new TreeSet<>();
            schema.path("required").forEach(name -> required.add(name.asText()));
            assertThat(notification.fields().keySet()).containsAll(required).allSatisfy(name ->
                    assertThat(schema.path("properties").has(name) || name.startsWith("sell_"))
                            .as("%s is documented", name).isTrue());
            List<String> statuses = new ArrayList<>();
            schema.at("/properties/status/enum").forEach(status -> statuses.add(status.asText()));
            assertThat(notification.fields().get("status")).isIn(statuses);
        }
    }

    private static Set<String> methodsOf(HttpEndpointModel endpoint) {
        Set<String> methods = new TreeSet<>();
        if (endpoint.getVerbs() == null || endpoint.getVerbs().isBlank()) {
            methods.add("get"); // no restriction: it answers everything, GET at least must be documented
        } else {
            for (String verb : endpoint.getVerbs().split(",")) {
                methods.add(verb.strip().toLowerCase());
            }
        }
        return methods;
    }

    /** reason -> status, from the error responses of every operation. */
    private static Map<String, Integer> documentedReasons() {
        Map<String, Integer> reasons = new TreeMap<>();
        openapi.path("paths").forEach(path -> path.forEach(operation -> operation.path("responses").fields()
                .forEachRemaining(response -> response.getValue().path("content").forEach(content ->
                        content.at("/schema/allOf").forEach(part -> part.at("/properties/error/enum").forEach(reason ->
                                reasons.put(reason.asText(), Integer.parseInt(response.getKey()))))))));
        return reasons;
    }

    /** reason -> status, from the "| status | `reason`, … | when |" rows under spec.md's "## Errors". */
    private static Map<String, Integer> specReasons() throws IOException {
        String spec = Files.readString(SPEC);
        int errors = spec.indexOf("\n## Errors");
        String section = spec.substring(errors, spec.indexOf("\n## ", errors + 1));
        Map<String, Integer> reasons = new TreeMap<>();
        Matcher row = Pattern.compile("(?m)^\\| (\\d{3}) \\| ([^|]+) \\|").matcher(section);
        while (row.find()) {
            Matcher reason = Pattern.compile("`([a-z_]+)`").matcher(row.group(2));
            while (reason.find()) {
                reasons.put(reason.group(1), Integer.parseInt(row.group(1)));
            }
        }
        return reasons;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, refs));
    }
}
