package pay.app;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;
import pay.invoice.ListenUrlPolicy;

/**
 * The connections step 6 delivers over (the {@code http} component's connection manager). Every host is
 * resolved through {@link ListenUrlPolicy#addressesToCall}, so the addresses the policy judges are exactly
 * the ones connected to: a listen_url whose DNS answer turns private after any earlier check (rebinding)
 * fails to connect with {@code forbidden_listen_url}, and nothing is sent.
 */
final class ListenUrlConnections {
    /** Camel's defaults for its own pool; at most pay.notify.per-endpoint-concurrency go to one seller anyway. */
    private static final int MAX_TOTAL = 200;
    private static final int MAX_PER_ROUTE = 20;

    private ListenUrlConnections() {
    }

    /**
     * {@code tls} decides which https listen_urls Pay trusts: in Pay the JVM's default context, whose trust
     * store an admin can change with the standard {@code javax.net.ssl.trustStore} properties.
     */
    static PoolingHttpClientConnectionManager create(ListenUrlPolicy policy, Duration connectTimeout,
                                                     Duration responseTimeout, SSLContext tls) {
        return PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new PolicyResolver(policy))
                .setTlsSocketStrategy(new DefaultClientTlsStrategy(tls))
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.of(connectTimeout)).build())
                // From the socket's creation on, so a TLS handshake that stalls is bounded too.
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.of(responseTimeout)).build())
                .setMaxConnTotal(MAX_TOTAL)
                .setMaxConnPerRoute(MAX_PER_ROUTE)
                .build();
    }

    private record PolicyResolver(ListenUrlPolicy policy) implements DnsResolver {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return policy.addressesToCall(host);
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
        }
    }
}
