package no.fjord.subscription.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointPolicyTest {

	private static final EndpointPolicy PRODUCTION = new EndpointPolicy(Set.of(), Set.of());

	@Test
	void checkUrlWhenHttpsToAHostNameThenAccepted() {
		assertThatCode(() -> PRODUCTION.checkUrl("https://hooks.example.org:8443/fhir/notify?tenant=a"))
				.doesNotThrowAnyException();
	}

	@Test
	void checkUrlWhenHttpAndHostNotInsecureHostsThenRefused() {
		assertThatThrownBy(() -> PRODUCTION.checkUrl("http://hooks.example.org/notify"))
				.isInstanceOf(RefusedEndpoint.class).hasMessageContaining("https");
	}

	@Test
	void checkUrlWhenHttpAndHostInInsecureHostsThenAccepted() {
		EndpointPolicy development = new EndpointPolicy(Set.of("LocalHost"), Set.of());

		assertThatCode(() -> development.checkUrl("http://localhost:8080/notify")).doesNotThrowAnyException();
	}

	@ParameterizedTest
	@ValueSource(strings = {"ftp://hooks.example.org/notify", "file:///etc/passwd", "/notify", "hooks.example.org/notify",
			"https:///notify", "https://hooks_example/notify", "mailto:someone@example.org", "", " ",
			"https://exa mple.org/"})
	void checkUrlWhenNotAnAbsoluteHttpsUrlWithAHostThenRefused(String endpoint) {
		assertThatThrownBy(() -> PRODUCTION.checkUrl(endpoint)).isInstanceOf(RefusedEndpoint.class);
	}

	@Test
	void checkUrlWhenNullThenRefused() {
		assertThatThrownBy(() -> PRODUCTION.checkUrl(null)).isInstanceOf(RefusedEndpoint.class);
	}

	@Test
	void checkUrlWhenUserInfoThenRefusedWithoutQuotingIt() {
		assertThatThrownBy(() -> PRODUCTION.checkUrl("https://fjord:s3cret@hooks.example.org/notify"))
				.isInstanceOf(RefusedEndpoint.class).hasMessageContaining("user name")
				.hasMessageNotContaining("s3cret");
	}

	@Test
	void checkUrlWhenFragmentThenRefused() {
		assertThatThrownBy(() -> PRODUCTION.checkUrl("https://hooks.example.org/notify#part"))
				.isInstanceOf(RefusedEndpoint.class).hasMessageContaining("fragment");
	}

	@ParameterizedTest
	@ValueSource(strings = {"https://169.254.169.254/latest/meta-data/", "https://10.0.0.1/", "https://172.20.0.1/",
			"https://192.168.1.1/", "https://100.64.0.1/", "https://127.0.0.1/", "https://0.0.0.0/", "https://[::1]/",
			"https://[fe80::1]/", "https://[fd00::1]/", "https://[::]/", "https://[::ffff:127.0.0.1]/",
			"https://[::ffff:a9fe:a9fe]/", "https://224.0.0.1/"})
	void checkUrlWhenLiteralNonPublicAddressThenRefused(String endpoint) {
		assertThatThrownBy(() -> PRODUCTION.checkUrl(endpoint)).isInstanceOf(RefusedEndpoint.class)
				.hasMessageContaining("non-public");
	}

	@ParameterizedTest
	@ValueSource(strings = {"https://2130706433/", "https://127.1/", "https://0177.0.0.1/", "https://999.0.0.1/",
			"https://1.2.3.4.5/"})
	void checkUrlWhenAllNumericHostIsNotAPlainDottedQuadThenRefused(String endpoint) {
		// The resolver reads 2130706433 and 127.1 as 127.0.0.1; only plain forms are judged by their address.
		assertThatThrownBy(() -> PRODUCTION.checkUrl(endpoint)).isInstanceOf(RefusedEndpoint.class);
	}

	@Test
	void checkUrlWhenPublicLiteralAddressThenAccepted() {
		assertThatCode(() -> PRODUCTION.checkUrl("https://93.184.216.34/notify")).doesNotThrowAnyException();
		assertThatCode(() -> PRODUCTION.checkUrl("https://[2606:2800:220:1:248:1893:25c8:1946]/notify"))
				.doesNotThrowAnyException();
	}

	@Test
	void checkUrlWhenLiteralNonPublicAddressInPrivateHostsThenAccepted() {
		EndpointPolicy development = new EndpointPolicy(Set.of(), Set.of("127.0.0.1", "[::1]"));

		assertThatCode(() -> development.checkUrl("https://127.0.0.1:8443/notify")).doesNotThrowAnyException();
		assertThatCode(() -> development.checkUrl("https://[::1]:8443/notify")).doesNotThrowAnyException();
		assertThatThrownBy(() -> development.checkUrl("https://10.0.0.1/notify")).isInstanceOf(RefusedEndpoint.class);
	}

	@ParameterizedTest
	@ValueSource(strings = {"127.0.0.1", "127.255.255.254", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
			"169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3", "224.0.0.1",
			"239.255.255.250", "240.0.0.1", "255.255.255.255", "192.0.0.170", "198.18.0.1", "::1", "::", "fe80::1",
			"febf::1", "fec0::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
			"::ffff:169.254.169.254", "::ffff:0.0.0.0", "::127.0.0.1", "64:ff9b::a00:1", "2002:7f00:1::1",
			"2002:a9fe:a9fe::1"})
	void isPublicWhenLoopbackPrivateLinkLocalOrReservedThenFalse(String literal) throws UnknownHostException {
		assertThat(EndpointPolicy.isPublic(InetAddress.getByName(literal))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = {"93.184.216.34", "8.8.8.8", "1.1.1.1", "11.0.0.1", "172.15.255.255", "172.32.0.1",
			"100.63.255.255", "100.128.0.1", "169.253.255.255", "192.167.255.255", "223.255.255.255",
			"2606:2800:220:1:248:1893:25c8:1946", "2001:4860:4860::8888", "::ffff:93.184.216.34", "64:ff9b::5db8:d822",
			"2002:5db8:d822::1"})
	void isPublicWhenPublicUnicastThenTrue(String literal) throws UnknownHostException {
		assertThat(EndpointPolicy.isPublic(InetAddress.getByName(literal))).isTrue();
	}

	@Test
	void isPublicWhenIpv4MappedAddressKeptAsIpv6ThenJudgedByItsIpv4Address() throws UnknownHostException {
		// getByName turns ::ffff:a.b.c.d into IPv4; an Inet6Address built from bytes stays IPv6.
		byte[] mappedLoopback = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 127, 0, 0, 1};
		byte[] mappedPublic = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 93, (byte) 184, (byte) 216, 34};

		assertThat(EndpointPolicy.isPublic(Inet6Address.getByAddress(null, mappedLoopback, null))).isFalse();
		assertThat(EndpointPolicy.isPublic(Inet6Address.getByAddress(null, mappedPublic, null))).isTrue();
	}

	@Test
	void allowsAddressWhenHostInPrivateHostsThenNonPublicAddressAllowedForThatHostOnly() throws UnknownHostException {
		EndpointPolicy development = new EndpointPolicy(Set.of(), Set.of(" localhost "));
		InetAddress loopback = InetAddress.getByName("127.0.0.1");

		assertThat(development.allowsAddress("LOCALHOST.", loopback)).isTrue();
		assertThat(development.allowsAddress("rebound.example.org", loopback)).isFalse();
		assertThat(PRODUCTION.allowsAddress("localhost", loopback)).isFalse();
	}
}
