package pay.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import pay.invoice.ListenUrlPolicy.Reach;
import pay.keys.ApiKey;

class ListenUrlPolicyTest {
    private static final ListenUrlPolicy STRICT = new ListenUrlPolicy(false, false);
    private static final ListenUrlPolicy PERMISSIVE = new ListenUrlPolicy(true, true);

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1|LOOPBACK", "127.255.255.254|LOOPBACK", "::1|LOOPBACK",
            "10.0.0.1|PRIVATE", "172.16.0.1|PRIVATE", "172.31.255.255|PRIVATE", "192.168.1.1|PRIVATE",
            "fc00::1|PRIVATE", "fd12:3456::1|PRIVATE", "fec0::1|PRIVATE",
            "169.254.169.254|NEVER", "fe80::1|NEVER", "0.0.0.0|NEVER", "0.1.2.3|NEVER", "::|NEVER",
            "224.0.0.1|NEVER", "239.255.255.250|NEVER", "ff02::1|NEVER", "100.64.0.1|NEVER", "100.127.255.255|NEVER",
            "240.0.0.1|NEVER", "255.255.255.255|NEVER",
            "::ffff:127.0.0.1|LOOPBACK", "::ffff:10.1.2.3|PRIVATE", "::ffff:169.254.169.254|NEVER",
            "::127.0.0.1|LOOPBACK", "::10.0.0.1|PRIVATE", "64:ff9b::a9fe:a9fe|NEVER", "64:ff9b::7f00:1|LOOPBACK",
            "2002:7f00:1::|LOOPBACK", "2002:a00:1::1|PRIVATE", "2002:a9fe:a9fe::|NEVER",
            "8.8.8.8|PUBLIC", "93.184.216.34|PUBLIC", "172.15.255.255|PUBLIC", "172.32.0.1|PUBLIC",
            "100.63.255.255|PUBLIC", "100.128.0.1|PUBLIC", "192.169.0.1|PUBLIC", "223.255.255.255|PUBLIC",
            "2606:4700::1111|PUBLIC", "2001:4860:4860::8888|PUBLIC", "::ffff:8.8.8.8|PUBLIC",
            "64:ff9b::808:808|PUBLIC", "2002:808:808::1|PUBLIC",
    })
    void everyAddressIsJudgedByWhereItLeads(String literal, Reach reach) throws UnknownHostException {
        assertThat(ListenUrlPolicy.reachOf(InetAddress.getByName(literal))).isEqualTo(reach);
    }

    @Test
    void anIpv4MappedAddressKeptInIpv6FormIsJudgedByItsIpv4Address() throws UnknownHostException {
        byte[] mappedLoopback = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        InetAddress address = Inet6Address.getByAddress(null, mappedLoopback, -1);

        assertThat(address).isInstanceOf(Inet6Address.class);
        assertThat(ListenUrlPolicy.reachOf(address)).isEqualTo(Reach.LOOPBACK);
    }

    @Test
    void eachKindOfAddressIsAllowedOnlyByItsOwnProperty() throws UnknownHostException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetAddress privateNet = InetAddress.getByName("192.168.0.10");
        InetAddress metadata = InetAddress.getByName("169.254.169.254");
        InetAddress publicNet = InetAddress.getByName("93.184.216.34");

        assertThat(new ListenUrlPolicy(false, false).allows(loopback)).isFalse();
        assertThat(new ListenUrlPolicy(true, false).allows(loopback)).isTrue();
        assertThat(new ListenUrlPolicy(true, false).allows(privateNet)).isFalse();
        assertThat(new ListenUrlPolicy(false, true).allows(privateNet)).isTrue();
        assertThat(new ListenUrlPolicy(false, true).allows(loopback)).isFalse();
        assertThat(PERMISSIVE.allows(metadata)).isFalse();
        assertThat(STRICT.allows(publicNet)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/ipn", "http://[::1]/ipn", "http://localhost/ipn",
            "http://2130706433/ipn", "http://127.1/ipn", "https://169.254.169.254/latest/meta-data/",
            "http://[::ffff:127.0.0.1]/ipn", "http://10.0.0.1/ipn", "http://0.0.0.0:8080/"})
    void urlsLeadingInsideAreForbidden(String url) {
        assertThat(STRICT.forbids(url)).isTrue();
    }

    @Test
    void aHostIsForbiddenWhenAnyOfItsAddressesIs() throws UnknownHostException {
        InetAddress publicAddress = InetAddress.getByAddress("shop.example", new byte[] {93, (byte) 184, (byte) 216, 34});
        InetAddress privateAddress = InetAddress.getByAddress("shop.example", new byte[] {10, 0, 0, 5});
        ListenUrlPolicy onePrivateRecord = new ListenUrlPolicy(false, false,
                host -> new InetAddress[] {publicAddress, privateAddress});
        ListenUrlPolicy publicRecordsOnly = new ListenUrlPolicy(false, false, host -> new InetAddress[] {publicAddress});

        assertThat(onePrivateRecord.forbids("https://shop.example/ipn")).isTrue();
        assertThat(publicRecordsOnly.forbids("https://shop.example/ipn")).isFalse();
    }

    @Test
    void aHostThatDoesNotResolveIsNotForbiddenSinceNothingCanReachIt() {
        ListenUrlPolicy nothingResolves = new ListenUrlPolicy(false, false, host -> {
            throw new UnknownHostException(host);
        });

        assertThat(nothingResolves.forbids("https://gone.example/ipn")).isFalse();
    }

    @Test
    void anInvoiceRequestWithAForbiddenListenUrlIsRefusedWithItsReason() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("price", "5");
        form.put("api_key", "pk_x");
        form.put("listen_url", "http://169.254.169.254/");
        form.put("payout_addr", "p".repeat(40));
        InvoiceRequest request = InvoiceRequest.parse(form, InvoiceLimits.DEFAULT);
        ApiKey key = new ApiKey("k1", "s@example.com", Instant.EPOCH, null);

        assertThatThrownBy(() -> PERMISSIVE.admit(key, request))
                .isInstanceOfSatisfying(PayRejection.class, rejection -> {
                    assertThat(rejection.httpStatus()).isEqualTo(400);
                    assertThat(rejection.reason()).isEqualTo("forbidden_listen_url");
                    assertThat(rejection.field()).isEqualTo("listen_url");
                });
    }
}
