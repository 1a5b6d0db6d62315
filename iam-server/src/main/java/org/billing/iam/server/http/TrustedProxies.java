package org.billing.iam.server.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reverse proxies whose {@code X-Forwarded-For} entries are believed: a list of single
 * addresses and CIDR ranges, IPv4 or IPv6.
 */
public final class TrustedProxies {

    private static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** Returns the empty list: no proxy is trusted and the socket peer is always the client. */
    public static TrustedProxies none() {
        return NONE;
    }

    /**
     * Parses a comma-separated list such as {@code 10.0.0.0/8, 192.168.1.7, fd00::/8}.
     *
     * @throws IllegalArgumentException naming the first invalid entry
     */
    public static TrustedProxies parse(String list) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : list.split(",")) {
            String trimmed = entry.strip();
            if (!trimmed.isEmpty()) {
                ranges.add(Range.parse(trimmed));
            }
        }
        return new TrustedProxies(ranges);
    }

    /** Returns whether the address lies in one of the ranges. */
    public boolean contains(InetAddress address) {
        return ranges.stream().anyMatch(range -> range.contains(address));
    }

    /** Returns whether no proxy is trusted. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    @Override
    public String toString() {
        return ranges.toString();
    }

    private record Range(byte[] network, int prefixLength) {

        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            String addressText = slash < 0 ? entry : entry.substring(0, slash);
            Optional<InetAddress> address = IpAddresses.parse(addressText);
            if (address.isEmpty()) {
                throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR range");
            }
            byte[] network = address.get().getAddress();
            int maxPrefix = network.length * 8;
            int prefix = slash < 0 ? maxPrefix : parsePrefix(entry, entry.substring(slash + 1), maxPrefix);
            return new Range(network, prefix);
        }

        private static int parsePrefix(String entry, String text, int maxPrefix) {
            if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("'" + entry + "' has an invalid prefix length");
            }
            int prefix = Integer.parseInt(text);
            if (prefix > maxPrefix) {
                throw new IllegalArgumentException(
                        "'" + entry + "' has a prefix length above " + maxPrefix);
            }
            return prefix;
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int fullBytes = prefixLength / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int remainingBits = prefixLength % 8;
            if (remainingBits == 0) {
                return true;
            }
            int mask = (0xff << (8 - remainingBits)) & 0xff;
            return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
        }

        @Override
        public String toString() {
            try {
                return IpAddresses.canonical(InetAddress.getByAddress(network)) + "/" + prefixLength;
            } catch (UnknownHostException e) {
                throw new IllegalStateException("A parsed address has 4 or 16 bytes", e);
            }
        }
    }
}
