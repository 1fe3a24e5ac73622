package pay.checkout;

import io.nayuki.qrcodegen.QrCode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The payment request a customer's wallet scans: {@code bloocoin:<address>?amount=<coins>} (the shape of
 * BIP 21 {@code bitcoin:} URIs, with BLC's whole coins), as a QR code drawn on the server in SVG.
 */
public final class PaymentQr {
    /** The quiet zone around the symbol that scanners need, in modules (the QR standard asks for 4). */
    private static final int QUIET_ZONE = 4;

    private PaymentQr() {
    }

    public static String paymentUri(String address, long coins) {
        return "bloocoin:" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "?amount=" + coins;
    }

    /**
     * {@code text} as an inline SVG QR code (error correction level M) that scales to its container. Each
     * run of dark modules in a row is one rectangle of the path, which keeps the markup small. The markup
     * holds numbers only (no text from the request or the invoice), so it is safe to insert unescaped.
     */
    public static String svg(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int size = qr.size + 2 * QUIET_ZONE;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            int x = 0;
            while (x < qr.size) {
                if (!qr.getModule(x, y)) {
                    x++;
                    continue;
                }
                int runStart = x;
                while (x < qr.size && qr.getModule(x, y)) {
                    x++;
                }
                int run = x - runStart;
                path.append('M').append(runStart + QUIET_ZONE).append(' ').append(y + QUIET_ZONE)
                        .append('h').append(run).append("v1h-").append(run).append('z');
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size + "\""
                + " class=\"qr-code\" aria-hidden=\"true\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#fff\"/>"
                + "<path d=\"" + path + "\" fill=\"#000\"/></svg>";
    }
}
