package org.billing.iam.server.http;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the client's IP address for a request.
 *
 * <p>The socket peer is the client unless it is a trusted proxy. Then the
 * {@code X-Forwarded-For} entries are read from the right, because each proxy appends the
 * address it saw: trusted proxies are skipped and the first untrusted entry is the client.
 * Entries left of it were written by the client itself and are never believed. A header that
 * is too long or has a malformed entry in the part that is read is ignored, and the peer
 * address is used, so a bad header never fails a request.
 */
public final class ClientAddressResolver {

    /** Longest {@code X-Forwarded-For} value read, all header lines together; longer ones are ignored. */
    static final int MAX_FORWARDED_FOR_LENGTH = 2048;

    /** Text stored when even the socket peer address cannot be parsed. */
    static final String UNKNOWN = "unknown";

    private final TrustedProxies trustedProxies;

    public ClientAddressResolver(TrustedProxies trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /**
     * Returns the canonical client address, at most 45 characters.
     *
     * @param peerAddress the socket peer as the server reports it, for example {@code [::1]}
     * @param forwardedFor every {@code X-Forwarded-For} header line, in the order received
     */
    public String resolve(String peerAddress, List<String> forwardedFor) {
        Optional<InetAddress> peer = IpAddresses.parse(peerAddress);
        if (peer.isEmpty()) {
            return UNKNOWN;
        }
        if (!trustedProxies.contains(peer.get())) {
            return IpAddresses.canonical(peer.get());
        }
        InetAddress client = fromForwardedFor(forwardedFor).orElse(peer.get());
        return IpAddresses.canonical(client);
    }

    private Optional<InetAddress> fromForwardedFor(List<String> headerLines) {
        List<String> entries = entries(headerLines);
        InetAddress leftmostTrusted = null;
        for (int i = entries.size() - 1; i >= 0; i--) {
            Optional<InetAddress> address = parseEntry(entries.get(i));
            if (address.isEmpty()) {
                return Optional.empty();
            }
            if (!trustedProxies.contains(address.get())) {
                return address;
            }
            leftmostTrusted = address.get();
        }
        // Every entry is a trusted proxy: the request started at the farthest of them.
        return Optional.ofNullable(leftmostTrusted);
    }

    private static List<String> entries(List<String> headerLines) {
        int totalLength = 0;
        List<String> entries = new ArrayList<>();
        for (String line : headerLines) {
            totalLength += line.length();
            if (totalLength > MAX_FORWARDED_FOR_LENGTH) {
                return List.of();
            }
            for (String entry : line.split(",")) {
                entries.add(entry.strip());
            }
        }
        return entries;
    }

    /** Parses one entry: an address, or an address with a port as some proxies write it. */
    private static Optional<InetAddress> parseEntry(String entry) {
        Optional<InetAddress> plain = IpAddresses.parse(entry);
        if (plain.isPresent()) {
            return plain;
        }
        if (entry.startsWith("[")) {
            int close = entry.indexOf("]:");
            return close > 0 && isPort(entry.substring(close + 2))
                    ? IpAddresses.parse(entry.substring(0, close + 1))
                    : Optional.empty();
        }
        int colon = entry.indexOf(':');
        if (colon > 0 && colon == entry.lastIndexOf(':') && isPort(entry.substring(colon + 1))) {
            return IpAddresses.parse(entry.substring(0, colon));
        }
        return Optional.empty();
    }

    private static boolean isPort(String text) {
        return !text.isEmpty() && text.length() <= 5 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
