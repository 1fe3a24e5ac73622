package pay.web;

import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * What Pay's HTML pages share: Mustache templates (which HTML-escape every value) rendered to a string, and
 * Pay's own style sheets and scripts read from the classpath to be inlined and allowed by their hash in the
 * page's Content-Security-Policy, so a page needs no other request and runs nothing else.
 */
public final class PageTemplates {
    private PageTemplates() {
    }

    public static String render(Mustache template, Object view) {
        StringWriter html = new StringWriter();
        template.execute(html, view);
        return html.toString();
    }

    /** A text file on the classpath (UTF-8), e.g. a page's style sheet. */
    public static String resource(String name) {
        try (InputStream in = PageTemplates.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CSP source expression ({@code 'sha256-…'}, quotes included) for an inline element with exactly this content. */
    public static String hashSource(String inline) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
