package no.fjord.subscription;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import no.fjord.subscription.topic.Topic;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Subscriptions, under {@code fjord.subscription}.
 *
 * @param enabled {@code false}: Subscription resources are stored but nothing is delivered
 * @param endpoints where rest-hook notifications may go
 * @param delivery how and how persistently they are sent
 * @param topics topics an operator adds to the ones Fjord ships
 * @param websocket limits of the websocket channel
 * @param maxPerSubscriber how many subscriptions one caller (issuer, subject, app) may have; each costs
 *     matching work on every change
 * @param websocket the {@code websocket} channel at {@code /fhir/websocket}
 */
@Validated
@ConfigurationProperties("fjord.subscription")
public record SubscriptionProperties(
		@DefaultValue("true") boolean enabled,
		@Valid @NotNull @DefaultValue Endpoints endpoints,
		@Valid @NotNull @DefaultValue Delivery delivery,
		@NotNull @DefaultValue List<Topic> topics,
		@Valid @NotNull @DefaultValue Websocket websocket,
		@Min(1) @DefaultValue("100") int maxPerSubscriber) {

	/**
	 * @param insecureHosts hosts that may be reached over plain {@code http} (development: {@code localhost});
	 *     every other endpoint must be {@code https}
	 * @param privateHosts hosts that may resolve to loopback, private, link-local or metadata addresses;
	 *     none by default, so a subscription cannot make Fjord call into its own network (SSRF)
	 */
	public record Endpoints(@NotNull @DefaultValue Set<String> insecureHosts, @NotNull @DefaultValue Set<String> privateHosts) {
	}

	/**
	 * @param workers threads delivering notifications in this process (each subscription has at most one
	 *     delivery in flight across all processes)
	 * @param pollInterval how often a process looks for work committed by other processes
	 * @param connectTimeout time to connect to an endpoint
	 * @param timeout time for the endpoint to answer a notification
	 * @param firstRetry wait after the first failure; doubled after each further failure
	 * @param longestRetry the longest wait between two attempts
	 * @param giveUpAfter how long a subscription keeps failing before it is set to {@code error}
	 * @param eventRetention how long delivered events are kept for {@code $events}
	 */
	public record Delivery(
			@Min(1) @DefaultValue("4") int workers,
			@NotNull @DefaultValue("250ms") Duration pollInterval,
			@NotNull @DefaultValue("5s") Duration connectTimeout,
			@NotNull @DefaultValue("10s") Duration timeout,
			@NotNull @DefaultValue("10s") Duration firstRetry,
			@NotNull @DefaultValue("1h") Duration longestRetry,
			@NotNull @DefaultValue("25h") Duration giveUpAfter,
			@NotNull @DefaultValue("30d") Duration eventRetention) {
	}

	/**
	 * @param bindingTokenLifetime how long a token from {@code $get-ws-binding-token} can bind a connection
	 * @param bindTimeout how long a connection may stay open without binding to a subscription
	 * @param maxMessageSize the largest message a client may send (a bind command); larger ones close the connection
	 * @param maxConnectionsPerSubscription connections bound to one subscription at a time, across this process
	 * @param maxSubscriptionsPerConnection subscriptions one connection may bind to
	 */
	public record Websocket(
			@NotNull @DefaultValue("5m") Duration bindingTokenLifetime,
			@NotNull @DefaultValue("30s") Duration bindTimeout,
			@NotNull @DefaultValue("4KB") DataSize maxMessageSize,
			@Min(1) @DefaultValue("4") int maxConnectionsPerSubscription,
			@Min(1) @DefaultValue("16") int maxSubscriptionsPerConnection) {
	}
}
