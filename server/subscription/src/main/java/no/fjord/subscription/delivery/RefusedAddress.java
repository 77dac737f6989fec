package no.fjord.subscription.delivery;

import java.net.UnknownHostException;

/** Every address a rest-hook's host resolved to is one the {@link EndpointPolicy} refuses. */
final class RefusedAddress extends UnknownHostException {

	RefusedAddress(String host) {
		super(host + " resolves only to loopback, private or otherwise non-public addresses");
	}
}
