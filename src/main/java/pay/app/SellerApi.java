package pay.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import pay.invoice.Invoice;
import pay.invoice.Invoices.ConfirmOutcome;
import pay.invoice.PayRejection;
import pay.web.Forms;

/**
 * The HTTP edge of {@code POST /pay}: turns a request into a plain field map and Pay's answers into
 * replies. Incoming headers never travel further (platform-http would echo them back, form fields and
 * api_key included), and replies carry only the headers set here.
 */
public final class SellerApi {
    /** Exchange property: the caller's Accept header, kept for the reply after the headers are dropped. */
    private static final String ACCEPT = "payAccept";
    private static final String FORM_TYPE = "application/x-www-form-urlencoded";
    /** A JSON body may name a field only once, as a form may. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /**
     * Reads the request body (form-encoded or a JSON object) into one string per field, exactly as sent: the
     * route's engine ({@link RawFormHttpEngine}) hands over a form's bytes undecoded, and a body that is not
     * UTF-8 is refused rather than read with replacement characters.
     */
    public Map<String, String> readForm(Exchange exchange) {
        Message in = exchange.getMessage();
        String contentType = String.valueOf(in.getHeader(Exchange.CONTENT_TYPE, "", String.class));
        String accept = in.getHeader("Accept", "", String.class);
        exchange.setProperty(ACCEPT, accept);
        if (in.getBody() instanceof Map) {
            throw new IllegalStateException("a form Camel decoded: read it with platformHttpEngine #rawFormHttpEngine");
        }
        byte[] body = in.getBody(byte[].class);
        in.removeHeaders("*");
        if (contentType.toLowerCase(Locale.ROOT).startsWith(FORM_TYPE)) {
            return body == null ? Map.of() : formFields(utf8(body));
        }
        if (contentType.contains("json")) {
            return jsonFields(body == null ? null : utf8(body));
        }
        if (body == null) {
            return Map.of();
        }
        throw new PayRejection(415, "unsupported_media_type", null,
                "send the fields form-encoded (" + FORM_TYPE + ") or as a JSON object");
    }

    /** Step 3a: the invoice's deposit address, price and id. */
    public void invoiceCreated(Exchange exchange) {
        Invoice invoice = exchange.getMessage().getBody(Invoice.class);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("address", invoice.address());
        reply.put("price", invoice.price());
        reply.put("txn_id", invoice.txnId());
        reply.put("state", invoice.state().wireName());
        reply.put("expires_at", invoice.expiresAt().toString());
        reply.put("checkout_url", CheckoutPage.urlFor(exchange, invoice.txnId()));
        reply(exchange, 201, reply);
    }

    /** Step 6b: VERIFIED or INVALID, as plain text (PayPal's form) unless JSON or form was asked for. */
    public void confirmation(Exchange exchange) {
        ConfirmOutcome outcome = exchange.getMessage().getBody(ConfirmOutcome.class);
        if (accepts(exchange, "application/json") || accepts(exchange, FORM_TYPE)) {
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("verdict", outcome.verdict());
            if (outcome.verified()) {
                reply.put("txn_id", outcome.invoice().txnId());
                reply.put("state", outcome.invoice().state().wireName());
            }
            reply(exchange, 200, reply);
        } else {
            text(exchange, 200, outcome.verdict());
        }
    }

    /** A refused request: its status and machine-readable reason; nothing was stored. */
    public void rejected(Exchange exchange) {
        PayRejection rejection = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, PayRejection.class);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("error", rejection.reason());
        if (rejection.field() != null) {
            reply.put("field", rejection.field());
        }
        reply.put("message", rejection.getMessage());
        reply(exchange, rejection.httpStatus(), reply);
        if (rejection.retryAfterSeconds() != null) {
            exchange.getMessage().setHeader("Retry-After", rejection.retryAfterSeconds());
        }
    }

    /** The BLC server could not register the address: nothing was stored; try again shortly. */
    public void blcUnavailable(Exchange exchange, int retryAfterSeconds) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("error", "blc_unavailable");
        reply.put("message", "the BLC server is not reachable; nothing was stored, retry later");
        reply(exchange, 503, reply);
        exchange.getMessage().setHeader("Retry-After", retryAfterSeconds);
    }

    /** Anything unexpected: no detail leaves the server (it is logged there). */
    public void failed(Exchange exchange) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("error", "internal_error");
        reply.put("message", "Pay could not handle this request; nothing was stored");
        reply(exchange, 500, reply);
    }

    private static boolean accepts(Exchange exchange, String mediaType) {
        return exchange.getProperty(ACCEPT, "", String.class).contains(mediaType);
    }

    private static void reply(Exchange exchange, int status, Map<String, Object> fields) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        if (accepts(exchange, FORM_TYPE)) {
            out.setHeader(Exchange.CONTENT_TYPE, FORM_TYPE);
            out.setBody(Forms.encode(fields));
        } else {
            out.setHeader(Exchange.CONTENT_TYPE, "application/json");
            try {
                out.setBody(JSON.writeValueAsString(fields));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void text(Exchange exchange, int status, String text) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
        out.setBody(text);
    }

    private static Map<String, String> formFields(String body) {
        List<Map.Entry<String, String>> sent;
        try {
            sent = Forms.decode(body);
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : sent) {
            if (fields.putIfAbsent(field.getKey(), field.getValue()) != null) {
                throw PayRejection.badField("duplicate_field", field.getKey(), field.getKey() + " was given more than once");
            }
        }
        return fields;
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("bytes that are not UTF-8");
        }
    }

    /** The reason the HTTP server gives a body it cannot decode (HttpServerRefusals), for what it lets through. */
    private static PayRejection malformed(String what) {
        return PayRejection.badField("malformed_body", null,
                "the request body cannot be decoded (" + what + "): forms and JSON are read as UTF-8; nothing was stored");
    }

    private static Map<String, String> jsonFields(String body) {
        JsonNode root;
        try {
            root = body == null ? null : JSON.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw PayRejection.badField("invalid_json", null, "the body must be one JSON object of fields, each given once");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw PayRejection.badField("invalid_json", field.getKey(),
                        field.getKey() + " must be a string or a number");
            }
            fields.put(field.getKey(), value.asText());
        }
        return fields;
    }

}
