package no.fjord.subscription.websocket;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import no.fjord.security.token.SmartPrincipal;
import no.fjord.subscription.delivery.NotificationRenderer;
import no.fjord.subscription.fhir.SubscriberAccess;
import no.fjord.subscription.registry.SubscriptionDefinition;
import no.fjord.subscription.registry.SubscriptionRecords;
import no.fjord.subscription.registry.SubscriptionState;

/**
 * Decides whether a connection may bind to a subscription and binds it: with a binding token, or (R4
 * {@code bind [id]}) with the access token the connection was opened with, which must be the subscription
 * owner's. Someone else's subscription and one that does not exist are refused alike. A bound connection
 * gets its handshake first, then joins the connections notifications go to, and the subscription's waiting
 * events are due at once.
 */
public final class SubscriptionBinder {

	/** The limits of binding. */
	public record Settings(int maxSubscriptionsPerConnection, boolean authenticationRequired) {
	}

	private static final Set<String> DELIVERING = Set.of("requested", "active");

	private final BindingTokens tokens;
	private final SubscriptionRecords records;
	private final BoundSockets sockets;
	private final NotificationRenderer renderer;
	private final Runnable wakeDelivery;
	private final Settings settings;

	public SubscriptionBinder(BindingTokens tokens, SubscriptionRecords records, BoundSockets sockets,
			NotificationRenderer renderer, Runnable wakeDelivery, Settings settings) {
		this.tokens = tokens;
		this.records = records;
		this.sockets = sockets;
		this.renderer = renderer;
		this.wakeDelivery = wakeDelivery;
		this.settings = settings;
	}

	/** Backport IG {@code bind-with-token}: the token says which subscription. */
	public void bindWithToken(SubscriberSocket socket, String token) {
		Optional<SubscriptionState> subscription = tokens.redeem(token).flatMap(records::find);
		if (subscription.isEmpty()) {
			socket.refuse("the binding token is unknown, used or expired: get a new one with $get-ws-binding-token");
			return;
		}
		bind(socket, subscription.get());
	}

	/** R4 {@code bind [id]}: only with the owner's access token on the connection's upgrade request. */
	public void bindById(SubscriberSocket socket, String subscriptionId, Optional<SmartPrincipal> caller) {
		if (settings.authenticationRequired() && caller.isEmpty()) {
			socket.refuse("bind needs the connection to be opened with 'Authorization: Bearer'; browsers use "
					+ "$get-ws-binding-token and bind-with-token");
			return;
		}
		Optional<SubscriptionState> subscription = records.find(subscriptionId)
				.filter(state -> caller.map(who -> SubscriberAccess.owns(who, state)).orElse(true));
		if (subscription.isEmpty()) {
			socket.refuse("no subscription " + subscriptionId + " that this token may bind");
			return;
		}
		bind(socket, subscription.get());
	}

	private void bind(SubscriberSocket socket, SubscriptionState subscription) {
		String id = subscription.id();
		SubscriptionDefinition definition = subscription.definition();
		if (!SubscriptionDefinition.WEBSOCKET.equals(definition.channel())) {
			socket.refuse("Subscription/" + id + " is not a websocket subscription");
		} else if (!DELIVERING.contains(subscription.status())) {
			socket.refuse("Subscription/" + id + " is " + subscription.status() + "; only requested or active ones deliver");
		} else if (socket.subscriptions().contains(id)) {
			socket.refuse("this connection is bound to Subscription/" + id + " already");
		} else if (socket.subscriptions().size() >= settings.maxSubscriptionsPerConnection()) {
			socket.refuse("this connection is bound to " + settings.maxSubscriptionsPerConnection()
					+ " subscriptions, the most one may have");
		} else if (!sockets.hasRoomFor(id)) {
			socket.refuse("Subscription/" + id + " has as many connections as it may have");
		} else if (socket.send(handshake(subscription))) {
			if (!sockets.add(id, socket)) {
				socket.refuse("Subscription/" + id + " has as many connections as it may have");
				return;
			}
			records.dueNow(id);
			wakeDelivery.run();
		}
	}

	/** R4: {@code bound [id]}; topic-based: the Backport IG handshake Bundle. */
	private String handshake(SubscriptionState subscription) {
		if (!subscription.definition().isTopicBased()) {
			return SocketMessages.bound(subscription.id());
		}
		return new String(renderer.handshake(subscription).body(), StandardCharsets.UTF_8);
	}
}
