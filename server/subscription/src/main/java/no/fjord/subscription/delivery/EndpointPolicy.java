package no.fjord.subscription.delivery;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which rest-hook endpoints Fjord sends to, so a subscription cannot turn the server against its own network
 * (<a href="https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html">SSRF</a>):
 * {@code https} only, and only to public addresses, unless the operator names a host in {@code insecureHosts}
 * (may use {@code http}) or {@code privateHosts} (may resolve to loopback, private or link-local
 * addresses). Both are empty in production; development sets e.g. {@code localhost,127.0.0.1}.
 *
 * <p>{@link #checkUrl} runs when a Subscription is written; the address check runs again for every
 * connection, on the addresses actually connected to, through {@link RestHookSender}'s resolver.
 */
public final class EndpointPolicy {

	private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
	private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

	private final Set<String> insecureHosts;
	private final Set<String> privateHosts;

	public EndpointPolicy(Set<String> insecureHosts, Set<String> privateHosts) {
		this.insecureHosts = normalized(insecureHosts);
		this.privateHosts = normalized(privateHosts);
	}

	/** Throws {@link RefusedEndpoint} unless the endpoint is a URL Fjord may send notifications to. */
	public void checkUrl(String endpoint) {
		URI uri = parse(endpoint);
		String host = uri.getHost() == null ? null : normalized(uri.getHost());
		if (host == null || host.isEmpty()) {
			throw new RefusedEndpoint("The endpoint has no host name");
		}
		if (uri.getRawUserInfo() != null) {
			throw new RefusedEndpoint("The endpoint must not carry a user name or password; use a channel header");
		}
		if (uri.getRawFragment() != null) {
			throw new RefusedEndpoint("The endpoint must not have a fragment (#)");
		}
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		boolean allowedScheme = scheme.equals("https") || (scheme.equals("http") && insecureHosts.contains(host));
		if (!allowedScheme) {
			throw new RefusedEndpoint("The endpoint must use https");
		}
		Optional<InetAddress> literal = literalAddress(host);
		if (literal.isPresent() && !allowsAddress(host, literal.get())) {
			throw new RefusedEndpoint("The endpoint is a loopback, private or otherwise non-public address");
		}
	}

	/** Whether a connection to the host may go to this address, one of those the host resolved to. */
	public boolean allowsAddress(String host, InetAddress address) {
		return isPublic(address) || privateHosts.contains(normalized(host));
	}

	/** Whether the address is reachable from the internet, not loopback, private, link-local or the like. */
	public static boolean isPublic(InetAddress address) {
		return !NonPublicAddresses.contains(address);
	}

	private static URI parse(String endpoint) {
		if (endpoint == null || endpoint.isBlank()) {
			throw new RefusedEndpoint("The endpoint is missing");
		}
		try {
			URI uri = new URI(endpoint);
			if (!uri.isAbsolute() || uri.isOpaque()) {
				throw new RefusedEndpoint("The endpoint must be an absolute https URL");
			}
			return uri;
		} catch (URISyntaxException e) {
			throw new RefusedEndpoint("The endpoint is not a valid URL");
		}
	}

	/**
	 * The address a host names by itself, without a look-up. All-numeric hosts must be plain dotted quads:
	 * forms such as {@code 2130706433} or {@code 127.1} also mean 127.0.0.1 to the resolver.
	 */
	private static Optional<InetAddress> literalAddress(String host) {
		try {
			if (host.contains(":")) {
				// Bracketed, Java parses an IPv6 literal or fails; it never looks it up.
				return Optional.of(InetAddress.getByName("[" + host + "]"));
			}
			if (DIGITS_AND_DOTS.matcher(host).matches()) {
				return Optional.of(InetAddress.getByAddress(dottedQuad(host)));
			}
			return Optional.empty();
		} catch (UnknownHostException e) {
			throw new RefusedEndpoint("The endpoint's address is not valid");
		}
	}

	private static byte[] dottedQuad(String host) {
		if (!DOTTED_QUAD.matcher(host).matches()) {
			throw new RefusedEndpoint("The endpoint's address is not a plain IPv4 address");
		}
		String[] parts = host.split("\\.");
		byte[] bytes = new byte[4];
		for (int i = 0; i < 4; i++) {
			int part = Integer.parseInt(parts[i]);
			if (part > 255) {
				throw new RefusedEndpoint("The endpoint's address is not a plain IPv4 address");
			}
			bytes[i] = (byte) part;
		}
		return bytes;
	}

	/** Host names compare without case, IPv6 brackets or the root's trailing dot. */
	static String normalized(String host) {
		String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
		bare = bare.endsWith(".") ? bare.substring(0, bare.length() - 1) : bare;
		return bare.toLowerCase(Locale.ROOT);
	}

	private static Set<String> normalized(Set<String> hosts) {
		return hosts.stream().map(String::trim).filter(host -> !host.isEmpty()).map(EndpointPolicy::normalized)
				.collect(Collectors.toUnmodifiableSet());
	}
}
