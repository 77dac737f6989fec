package no.fjord.subscription.websocket;

import java.time.Instant;

/**
 * A token from {@code $get-ws-binding-token}: lets one websocket connection bind to one subscription
 * ({@code bind-with-token}) until it expires, without the access token a browser cannot send on a websocket.
 *
 * @param token the secret itself, given once to the subscription's owner and never stored
 */
public record BindingToken(String token, String subscriptionId, Instant expiresAt) {

	@Override
	public String toString() {
		return "BindingToken[subscriptionId=" + subscriptionId + ", expiresAt=" + expiresAt + "]";
	}
}
