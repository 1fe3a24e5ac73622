package pay.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import io.nayuki.qrcodegen.QrCode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PaymentQrTest {
    private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");
    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");

    @Test
    void thePaymentUriNamesTheAddressAndTheAmountInWholeCoins() {
        assertThat(PaymentQr.paymentUri("PAY-7Q2MABCDEFGHIJKLMNOPQRSTUVWXYZ012345", 12))
                .isEqualTo("bloocoin:PAY-7Q2MABCDEFGHIJKLMNOPQRSTUVWXYZ012345?amount=12");
    }

    @Test
    void theSvgDrawsExactlyTheDarkModulesOfTheQrCodeInsideAQuietZone() {
        String uri = PaymentQr.paymentUri("PAY-ZHAT9TTUA6H69D34D6NTF08FRCTFW7W0AEHK", 8);
        QrCode expected = QrCode.encodeText(uri, QrCode.Ecc.MEDIUM);

        String svg = PaymentQr.svg(uri);

        Matcher viewBox = VIEW_BOX.matcher(svg);
        assertThat(viewBox.find()).isTrue();
        int size = Integer.parseInt(viewBox.group(1));
        assertThat(size).isEqualTo(expected.size + 8);
        boolean[][] drawn = new boolean[size][size];
        Matcher run = RUN.matcher(svg);
        int runs = 0;
        while (run.find()) {
            int x = Integer.parseInt(run.group(1));
            int y = Integer.parseInt(run.group(2));
            int length = Integer.parseInt(run.group(3));
            assertThat(run.group(4)).isEqualTo(run.group(3));
            for (int i = 0; i < length; i++) {
                assertThat(drawn[y][x + i]).as("module %d,%d drawn once", x + i, y).isFalse();
                drawn[y][x + i] = true;
            }
            runs++;
        }
        assertThat(runs).isPositive();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean inside = x >= 4 && y >= 4 && x < size - 4 && y < size - 4;
                boolean dark = inside && expected.getModule(x - 4, y - 4);
                assertThat(drawn[y][x]).as("module %d,%d", x, y).isEqualTo(dark);
            }
        }
    }

    @Test
    void theSvgIsInlineMarkupWithNothingToLoad() {
        String svg = PaymentQr.svg(PaymentQr.paymentUri("PAY-ZHAT9TTUA6H69D34D6NTF08FRCTFW7W0AEHK", 8));

        assertThat(svg).startsWith("<svg ").endsWith("</svg>").doesNotContain("href", "<script", "<image", "style=");
    }
}
