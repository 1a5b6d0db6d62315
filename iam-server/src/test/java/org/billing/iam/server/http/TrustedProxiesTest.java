package org.billing.iam.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    @Test
    void cidrRangesMatchByPrefix() throws Exception {
        TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, 172.16.0.0/12,2001:db8::/33 ,198.51.100.7");

        assertThat(proxies.contains(InetAddress.getByName("10.255.0.1"))).isTrue();
        assertThat(proxies.contains(InetAddress.getByName("11.0.0.1"))).isFalse();
        assertThat(proxies.contains(InetAddress.getByName("172.31.255.255"))).isTrue();
        assertThat(proxies.contains(InetAddress.getByName("172.32.0.0"))).isFalse();
        assertThat(proxies.contains(InetAddress.getByName("2001:db8:7fff::1"))).isTrue();
        assertThat(proxies.contains(InetAddress.getByName("2001:db8:8000::1"))).isFalse();
        assertThat(proxies.contains(InetAddress.getByName("198.51.100.7"))).isTrue();
        assertThat(proxies.contains(InetAddress.getByName("198.51.100.8"))).isFalse();
    }

    @Test
    void emptyListTrustsNothing() throws Exception {
        assertThat(TrustedProxies.parse(" , ").isEmpty()).isTrue();
        assertThat(TrustedProxies.none().contains(InetAddress.getByName("127.0.0.1"))).isFalse();
    }

    @Test
    void invalidEntriesAreRejectedByName() {
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/8, proxy.internal"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'proxy.internal'");
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above 32");
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> TrustedProxies.parse("fd00::/129"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above 128");
    }

    @Test
    void descriptionListsCanonicalRanges() {
        assertThat(TrustedProxies.parse("10.0.0.0/8, FD00:0:0:0:0:0:0:0/8").toString()).isEqualTo("[10.0.0.0/8, fd00::/8]");
    }
}
