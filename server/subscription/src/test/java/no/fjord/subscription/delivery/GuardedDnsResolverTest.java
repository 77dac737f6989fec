package no.fjord.subscription.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GuardedDnsResolverTest {

	@ParameterizedTest
	@ValueSource(strings = {"localhost", "127.0.0.1", "[::1]", "::1", "2130706433"})
	void resolveWhenHostResolvesToLoopbackAndIsNotAllowedThenRefused(String host) {
		GuardedDnsResolver resolver = new GuardedDnsResolver(new EndpointPolicy(Set.of(host), Set.of()));

		assertThatThrownBy(() -> resolver.resolve(host)).isInstanceOf(RefusedAddress.class);
	}

	@Test
	void resolveWhenHostInPrivateHostsThenLoopbackReturned() throws Exception {
		GuardedDnsResolver resolver = new GuardedDnsResolver(new EndpointPolicy(Set.of(), Set.of("localhost")));

		assertThat(resolver.resolve("localhost")).allMatch(InetAddress::isLoopbackAddress).isNotEmpty();
	}
}
