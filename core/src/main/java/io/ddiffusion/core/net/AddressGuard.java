package io.ddiffusion.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The SSRF rule for fetches the server makes on someone else's behalf (a provider's output URL, a client's input
 * URL): the host must resolve to public addresses only. Resolve once with {@link #resolvePublic} and connect to the
 * address it returns, so a second lookup cannot answer differently (DNS rebinding).
 */
public final class AddressGuard {

    private AddressGuard() {
    }

    /**
     * Resolves {@code host} once and returns the address to connect to.
     *
     * @param allowPrivate when true (tests, intranet mirrors), any address is accepted
     * @throws RefusedAddressException naming the host and the private address, or saying it cannot be resolved
     */
    public static InetAddress resolvePublic(String host, boolean allowPrivate) throws RefusedAddressException {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new RefusedAddressException("cannot resolve host " + host);
        }
        if (!allowPrivate) {
            for (InetAddress a : all) {
                if (isPrivate(a)) {
                    throw new RefusedAddressException(host + " resolves to a private or local address ("
                            + a.getHostAddress() + ")");
                }
            }
        }
        return all[0];
    }

    /** Loopback, private, link-local, unique-local, CGNAT, multicast or unspecified addresses. */
    public static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second <= 127) || (first == 169 && second == 254)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || first >= 240;
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // fc00::/7 unique local
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPrivate(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A host the rule refuses; the message completes "refusing to fetch …: ". */
    public static final class RefusedAddressException extends Exception {
        public RefusedAddressException(String message) {
            super(message);
        }
    }
}
