package no.fjord.subscription.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Resolves rest-hook hosts and keeps only the addresses the {@link EndpointPolicy} allows. The connection
 * goes to what this returns, so a host whose DNS answer changes between a check and the connect (DNS
 * rebinding) still cannot reach a private address.
 */
final class GuardedDnsResolver implements DnsResolver {

	private final EndpointPolicy policy;

	GuardedDnsResolver(EndpointPolicy policy) {
		this.policy = policy;
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		InetAddress[] allowed = Arrays.stream(InetAddress.getAllByName(host))
				.filter(address -> policy.allowsAddress(host, address))
				.toArray(InetAddress[]::new);
		if (allowed.length == 0) {
			throw new RefusedAddress(host);
		}
		return allowed;
	}

	@Override
	public String resolveCanonicalHostname(String host) {
		// Only Kerberos asks for it; reverse look-ups would just be more DNS traffic an attacker can steer.
		return host;
	}
}
