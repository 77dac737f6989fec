package no.fjord.subscription.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;

/**
 * The extra headers a subscriber asks for in {@code Subscription.channel.header}, as {@code Name: value}
 * lines (<a href="https://hl7.org/fhir/R4/subscription-definitions.html#Subscription.channel.header">FHIR
 * R4</a>). They must not replace the signature headers, which the receiver trusts, nor the headers that
 * frame the message, which would let a subscriber smuggle a second request.
 */
public final class ChannelHeaders {

	private static final Set<String> RESERVED = Set.of("webhook-id", "webhook-timestamp", "webhook-signature",
			"host", "content-length", "content-type", "transfer-encoding", "connection", "keep-alive", "upgrade",
			"te", "trailer", "expect", "proxy-authorization", "proxy-connection");
	private static final Pattern NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
	private static final Pattern VALUE = Pattern.compile("[\\t\\x20-\\x7e]*");

	private ChannelHeaders() {
	}

	/** Throws {@link RefusedEndpoint} unless every line is a well-formed header Fjord lets a subscriber set. */
	public static void check(List<String> lines) {
		parse(lines);
	}

	static List<Header> parse(List<String> lines) {
		List<Header> headers = new ArrayList<>(lines.size());
		for (String line : lines) {
			headers.add(parse(line));
		}
		return headers;
	}

	private static Header parse(String line) {
		int colon = line.indexOf(':');
		String name = colon < 0 ? line.trim() : line.substring(0, colon).trim();
		// The value is never quoted back: it is often a credential.
		if (colon < 0 || !NAME.matcher(name).matches()) {
			throw new RefusedEndpoint("A channel header is not of the form 'Name: value'");
		}
		if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
			throw new RefusedEndpoint("The channel header " + name + " is set by the server and cannot be given");
		}
		String value = line.substring(colon + 1).trim();
		if (!VALUE.matcher(value).matches()) {
			throw new RefusedEndpoint("The value of the channel header " + name
					+ " may only hold printable ASCII characters");
		}
		return new BasicHeader(name, value);
	}
}
