package org.billing.iam.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAddressResolverTest {

    private static final ClientAddressResolver NO_PROXIES = new ClientAddressResolver(TrustedProxies.none());
    private static final ClientAddressResolver BEHIND_PROXIES =
            new ClientAddressResolver(TrustedProxies.parse("10.0.0.0/8, 192.168.1.7, fd00::/8"));

    @ParameterizedTest(name = "peer {0}, X-Forwarded-For [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            203.0.113.9                    | NONE                           | 203.0.113.9
            [::1]                          | NONE                           | ::1
            0:0:0:0:0:0:0:1                | NONE                           | ::1
            [2001:DB8:0:0:0:0:0:1]         | NONE                           | 2001:db8::1
            [2001:db8:0:1:0:0:0:0]         | NONE                           | 2001:db8:0:1::
            [2001:db8:0:0:1:0:0:1]         | NONE                           | 2001:db8::1:0:0:1
            [2001:db8:1:1:1:1:0:1]         | NONE                           | 2001:db8:1:1:1:1:0:1
            [::ffff:198.51.100.4]          | NONE                           | 198.51.100.4
            203.0.113.9                    | 198.51.100.1                   | 203.0.113.9
            garbage                        | NONE                           | unknown
            """)
    void withoutTrustedProxies(String peer, String forwardedFor, String expected) {
        assertThat(NO_PROXIES.resolve(peer, header(forwardedFor))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "peer {0}, X-Forwarded-For [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            10.1.2.3         | 198.51.100.4                              | 198.51.100.4
            10.1.2.3         | 6.6.6.6, 198.51.100.4                     | 198.51.100.4
            10.1.2.3         | 198.51.100.4, 10.9.9.9                    | 198.51.100.4
            10.1.2.3         | 198.51.100.4, 192.168.1.7, 10.9.9.9       | 198.51.100.4
            10.1.2.3         | 10.5.5.5, 10.9.9.9                        | 10.5.5.5
            10.1.2.3         | NONE                                      | 10.1.2.3
            10.1.2.3         | ''                                        | 10.1.2.3
            10.1.2.3         | not-an-ip                                 | 10.1.2.3
            10.1.2.3         | 198.51.100.4, not-an-ip                   | 10.1.2.3
            10.1.2.3         | not-an-ip, 198.51.100.4                   | 198.51.100.4
            10.1.2.3         | 198.51.100.4:51234                        | 198.51.100.4
            10.1.2.3         | [2001:db8::7]:443                         | 2001:db8::7
            10.1.2.3         | 2001:DB8:0:0:0:0:0:7                      | 2001:db8::7
            10.1.2.3         | ::ffff:198.51.100.4                       | 198.51.100.4
            10.1.2.3         | 198.051.100.4                             | 10.1.2.3
            10.1.2.3         | 256.1.1.1                                 | 10.1.2.3
            10.1.2.3         | fe80::1%eth0                              | 10.1.2.3
            10.1.2.3         | example.org                               | 10.1.2.3
            [fd00::5]        | 198.51.100.4                              | 198.51.100.4
            [::ffff:10.1.2.3] | 198.51.100.4                             | 198.51.100.4
            203.0.113.9      | 198.51.100.4                              | 203.0.113.9
            """)
    void behindTrustedProxies(String peer, String forwardedFor, String expected) {
        assertThat(BEHIND_PROXIES.resolve(peer, header(forwardedFor))).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void multipleHeaderLinesAreJoinedInOrder() {
        assertThat(BEHIND_PROXIES.resolve("10.1.2.3", List.of("6.6.6.6", "198.51.100.4, 10.9.9.9")))
                .isEqualTo("198.51.100.4");
    }

    @org.junit.jupiter.api.Test
    void oversizedHeaderIsIgnored() {
        String huge = "198.51.100.4, ".repeat(500) + "198.51.100.4";

        assertThat(BEHIND_PROXIES.resolve("10.1.2.3", List.of(huge))).isEqualTo("10.1.2.3");
    }

    @org.junit.jupiter.api.Test
    void resultNeverExceeds45Characters() {
        String longest = "[0:0:0:0:0:ffff:1234:5678]";
        String full = "[1111:2222:3333:4444:5555:6666:7777:8888]";

        assertThat(NO_PROXIES.resolve(longest, List.of()).length()).isLessThanOrEqualTo(45);
        assertThat(NO_PROXIES.resolve(full, List.of())).isEqualTo("1111:2222:3333:4444:5555:6666:7777:8888");
    }

    private static List<String> header(String value) {
        return value == null ? List.of() : List.of(value);
    }
}
