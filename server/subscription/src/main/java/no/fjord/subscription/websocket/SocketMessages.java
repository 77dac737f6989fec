package no.fjord.subscription.websocket;

import java.util.Locale;

/**
 * The text messages of the R4 websocket channel (FHIR R4 Subscription, 2.46.7.2: {@code bind [id]},
 * {@code bound [id]}, {@code ping [id]}), Backport IG's {@code bind-with-token [token]}, and Fjord's
 * {@code error [reason]} before it closes a connection it refuses.
 */
final class SocketMessages {

	static final String BIND = "bind";
	static final String BIND_WITH_TOKEN = "bind-with-token";

	/** A message from the client: its command and the one argument. */
	record Command(String name, String argument) {
	}

	private SocketMessages() {
	}

	/** The command in a client's message; {@code null} when it is none of ours. */
	static Command parse(String message) {
		String[] words = message.strip().split("\\s+");
		if (words.length != 2) {
			return null;
		}
		String name = words[0].toLowerCase(Locale.ROOT);
		return BIND.equals(name) || BIND_WITH_TOKEN.equals(name) ? new Command(name, words[1]) : null;
	}

	static String bound(String subscriptionId) {
		return "bound " + subscriptionId;
	}

	static String ping(String subscriptionId) {
		return "ping " + subscriptionId;
	}

	static String error(String reason) {
		return "error " + reason;
	}
}
