package io.ddiffusion.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressGuardTest {

    @Test
    void hostsThatResolveToLocalOrPrivateAddressesAreRefusedNamingTheAddress() {
        for (String host : List.of("127.0.0.1", "localhost", "::1", "10.1.2.3", "172.16.5.4", "192.168.0.10",
                "169.254.169.254", "fe80::1", "fd12:3456::1", "100.64.0.1", "0.0.0.0", "::ffff:127.0.0.1")) {
            assertThatThrownBy(() -> AddressGuard.resolvePublic(host, false)).as(host)
                    .isInstanceOf(AddressGuard.RefusedAddressException.class)
                    .hasMessageContaining("resolves to a private or local address");
        }
    }

    @Test
    void aPublicLiteralIsTheAddressToConnectTo() throws Exception {
        assertThat(AddressGuard.resolvePublic("93.184.216.34", false))
                .isEqualTo(InetAddress.getByName("93.184.216.34"));
    }

    @Test
    void withPrivateAllowedLoopbackIsAccepted() throws Exception {
        assertThat(AddressGuard.resolvePublic("127.0.0.1", true).isLoopbackAddress()).isTrue();
    }

    @Test
    void anUnresolvableHostIsRefusedSayingSo() {
        assertThatThrownBy(() -> AddressGuard.resolvePublic("no-such-host.invalid", true))
                .hasMessage("cannot resolve host no-such-host.invalid");
    }
}
