package org.billing.iam.server.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Parses IP address literals without ever asking DNS, and prints them in one canonical
 * form: dotted decimal for IPv4 (IPv4-mapped IPv6 included) and the RFC 5952 text for IPv6
 * (lower case, longest run of zero groups compressed), at most 45 characters.
 */
public final class IpAddresses {

    /** Maximum length of an accepted address literal; the longest IPv6 text form has 45 characters. */
    static final int MAX_LITERAL_LENGTH = 45;

    private IpAddresses() {
    }

    /**
     * Parses an IPv4 or IPv6 literal, with or without square brackets. Host names, zone ids
     * and anything else return empty, so a malformed value never triggers a DNS lookup.
     */
    public static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String literal = text.strip();
        if (literal.length() > 2 && literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        if (literal.isEmpty() || literal.length() > MAX_LITERAL_LENGTH) {
            return Optional.empty();
        }
        return literal.indexOf(':') >= 0 ? parseIpv6(literal) : parseIpv4(literal);
    }

    /** Returns the canonical text of an address. */
    public static String canonical(InetAddress address) {
        if (address instanceof Inet6Address ipv6) {
            return compressIpv6(ipv6.getAddress());
        }
        return address.getHostAddress();
    }

    private static Optional<InetAddress> parseIpv4(String literal) {
        String[] parts = literal.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            // Leading zeros are rejected because some parsers read them as octal.
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(IpAddresses::isDecimalDigit)
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                return Optional.empty();
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) value;
        }
        return byAddress(bytes);
    }

    private static Optional<InetAddress> parseIpv6(String literal) {
        boolean onlyAddressCharacters = literal.chars()
                .allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0 && c < 128);
        if (!onlyAddressCharacters) {
            return Optional.empty();
        }
        try {
            // A text with a colon is parsed as an IPv6 literal and never looked up in DNS.
            InetAddress address = InetAddress.getByName(literal);
            return Optional.of(address);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<InetAddress> byAddress(byte[] bytes) {
        try {
            return Optional.of(Inet4Address.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean isDecimalDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static String compressIpv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        // RFC 5952 section 4.2.2: a single zero group is not shortened to "::".
        if (bestLength < 2) {
            bestStart = -1;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
