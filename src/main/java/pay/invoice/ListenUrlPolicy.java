package pay.invoice;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import pay.keys.ApiKey;

/**
 * Which hosts Pay may POST step-6 notifications to, so a listen_url cannot make Pay reach inside its own
 * network (server-side request forgery). The host is resolved and every one of its addresses is judged; a
 * single forbidden one refuses the URL. Checked when an invoice is created, and by the resolver step 6's HTTP
 * client connects through ({@link #addressesToCall}), so the addresses judged are the ones connected to even
 * when DNS answers change ("rebinding").
 * <ul>
 * <li>never: link-local (169.254/16, where cloud metadata lives; fe80::/10), unspecified and "this network"
 *     (0/8, ::), multicast, carrier-grade NAT (100.64/10), reserved and broadcast (240/4);</li>
 * <li>only with {@code pay.notify.allow-loopback}: loopback (127/8, ::1);</li>
 * <li>only with {@code pay.notify.allow-private}: private networks (10/8, 172.16/12, 192.168/16, fc00::/7,
 *     fec0::/10);</li>
 * <li>IPv6 addresses that carry an IPv4 one (mapped ::ffff:0:0/96, compatible ::/96, NAT64 64:ff9b::/96, 6to4
 *     2002::/16) are judged by that IPv4 address.</li>
 * </ul>
 * A host that does not resolve is not refused at creation: nothing can reach it, and it is judged again at each
 * delivery.
 */
public final class ListenUrlPolicy implements InvoiceAdmission {
    public static final String REASON = "forbidden_listen_url";

    /** Looks up every address of a host name (or parses an address literal). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] addressesOf(String host) throws UnknownHostException;
    }

    /** Where an address leads. */
    public enum Reach { PUBLIC, LOOPBACK, PRIVATE, NEVER }

    private static final byte[] NAT64_PREFIX = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};
    private static final byte[] COMPATIBLE_PREFIX = new byte[12];

    private final boolean allowLoopback;
    private final boolean allowPrivate;
    private final Resolver resolver;

    /** With the JVM's resolver. */
    public ListenUrlPolicy(boolean allowLoopback, boolean allowPrivate) {
        this(allowLoopback, allowPrivate, InetAddress::getAllByName);
    }

    public ListenUrlPolicy(boolean allowLoopback, boolean allowPrivate, Resolver resolver) {
        this.allowLoopback = allowLoopback;
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** Step 2: refuses an invoice whose listen_url Pay would not call. */
    @Override
    public void admit(ApiKey key, InvoiceRequest request) {
        if (forbids(request.listenUrl().toString())) {
            throw PayRejection.badField(REASON, InvoiceRequest.LISTEN_URL, "listen_url's host resolves to an address"
                    + " Pay does not call (loopback, private, link-local or reserved); give a public one");
        }
    }

    /** Whether Pay must not call {@code listenUrl} now: its host has an address this policy refuses. */
    public boolean forbids(String listenUrl) {
        try {
            addressesToCall(URI.create(listenUrl).getHost());
            return false;
        } catch (ForbiddenListenUrlException forbidden) {
            return true;
        } catch (UnknownHostException unresolvable) {
            return false;
        }
    }

    /**
     * Resolves {@code host} for a connection: all its addresses, or {@link ForbiddenListenUrlException} if
     * this policy refuses any of them.
     */
    public InetAddress[] addressesToCall(String host) throws UnknownHostException {
        InetAddress[] addresses = resolver.addressesOf(host);
        for (InetAddress address : addresses) {
            if (!allows(address)) {
                throw new ForbiddenListenUrlException(host, address.getHostAddress());
            }
        }
        return addresses;
    }

    public boolean allows(InetAddress address) {
        return switch (reachOf(address)) {
            case PUBLIC -> true;
            case LOOPBACK -> allowLoopback;
            case PRIVATE -> allowPrivate;
            case NEVER -> false;
        };
    }

    public static Reach reachOf(InetAddress address) {
        Optional<InetAddress> carried = carriedIpv4(address);
        if (carried.isPresent()) {
            return reachOf(carried.get());
        }
        byte[] bytes = address.getAddress();
        if (address.isLoopbackAddress()) {
            return Reach.LOOPBACK;
        }
        if (address.isSiteLocalAddress() || (address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc)) {
            return Reach.PRIVATE;
        }
        if (address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isMulticastAddress()
                || reservedIpv4(bytes)) {
            return Reach.NEVER;
        }
        return Reach.PUBLIC;
    }

    /** 0/8 ("this network": Linux delivers it locally), 100.64/10 (carrier-grade NAT), 240/4 (reserved, broadcast). */
    private static boolean reservedIpv4(byte[] bytes) {
        if (bytes.length != 4) {
            return false;
        }
        int first = bytes[0] & 0xff;
        return first == 0 || (first == 100 && (bytes[1] & 0xc0) == 64) || first >= 240;
    }

    /** The IPv4 address an IPv6 address stands for, if it is one of the forms that carry one. */
    private static Optional<InetAddress> carriedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address) || address.isLoopbackAddress()) {
            return Optional.empty();
        }
        byte[] bytes = address.getAddress();
        byte[] first12 = Arrays.copyOf(bytes, 12);
        if (Arrays.equals(first12, MAPPED_PREFIX) || Arrays.equals(first12, COMPATIBLE_PREFIX)
                || Arrays.equals(first12, NAT64_PREFIX)) {
            return Optional.of(ipv4(Arrays.copyOfRange(bytes, 12, 16)));
        }
        if (bytes[0] == 0x20 && bytes[1] == 0x02) {
            return Optional.of(ipv4(Arrays.copyOfRange(bytes, 2, 6)));
        }
        return Optional.empty();
    }

    private static InetAddress ipv4(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("four bytes are always an IPv4 address", impossible);
        }
    }
}
