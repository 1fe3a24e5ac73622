package pay.invoice;

import java.net.UnknownHostException;

/**
 * A listen_url host resolved to an address Pay does not call ({@link ListenUrlPolicy}). An
 * {@link UnknownHostException}, so an HTTP client that resolves through the policy fails the connection
 * as it fails one to a host that does not resolve, before any byte is sent.
 */
public final class ForbiddenListenUrlException extends UnknownHostException {
    public ForbiddenListenUrlException(String host, String address) {
        super(ListenUrlPolicy.REASON + ": " + host + " resolves to " + address);
    }
}
