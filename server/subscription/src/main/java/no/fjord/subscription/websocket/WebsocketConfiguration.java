package no.fjord.subscription.websocket;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import no.fjord.common.concurrent.BackgroundScheduler;
import no.fjord.common.fhir.FhirServerCustomizer;
import no.fjord.security.resource.TokenVerification;
import no.fjord.subscription.SubscriptionAutoConfiguration.SubscriptionSchema;
import no.fjord.subscription.SubscriptionProperties;
import no.fjord.subscription.delivery.NotificationRenderer;
import no.fjord.subscription.delivery.SubscriptionDelivery;
import no.fjord.subscription.registry.SubscriptionRecords;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code websocket} channel: the endpoint at {@code /fhir/websocket}, binding tokens and
 * {@code $get-ws-binding-token}, and the channel delivery sends through. Only with delivery switched on.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "fjord.subscription.enabled", havingValue = "true", matchIfMissing = true)
public class WebsocketConfiguration {

	@Bean
	BoundSockets boundSockets(SubscriptionProperties properties) {
		return new BoundSockets(properties.websocket().maxConnectionsPerSubscription());
	}

	@Bean
	WebsocketChannel websocketChannel(BoundSockets sockets) {
		return new WebsocketChannel(sockets);
	}

	@Bean
	BindingTokens bindingTokens(JdbcTemplate jdbc, SubscriptionSchema schema, SubscriptionProperties properties,
			ObjectProvider<Clock> clocks) {
		return new BindingTokens(new JdbcBindingTokenStore(jdbc), properties.websocket().bindingTokenLifetime(),
				clocks.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@Order(50)
	FhirServerCustomizer bindingTokenOperation(SubscriptionRecords records, BindingTokens tokens) {
		return server -> server.registerProvider(new BindingTokenOperationProvider(records, tokens));
	}

	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService websocketBindTimer() {
		return BackgroundScheduler.named("fjord-subscription-websocket-bind-timeout");
	}

	@Bean
	ServletRegistrationBean<SubscriptionSocketServlet> subscriptionSocketServlet(SubscriptionProperties properties,
			BindingTokens tokens, SubscriptionRecords records, BoundSockets sockets, NotificationRenderer renderer,
			ObjectProvider<SubscriptionDelivery> delivery, ObjectProvider<TokenVerification> authentication,
			ScheduledExecutorService websocketBindTimer) {
		SubscriptionProperties.Websocket websocket = properties.websocket();
		SubscriptionBinder binder = new SubscriptionBinder(tokens, records, sockets, renderer,
				() -> delivery.ifAvailable(SubscriptionDelivery::wakeWorkers),
				new SubscriptionBinder.Settings(websocket.maxSubscriptionsPerConnection(),
						authentication.getIfAvailable() != null));
		SubscriptionSocket.Limits limits = new SubscriptionSocket.Limits((int) websocket.maxMessageSize().toBytes(),
				websocket.bindTimeout(), properties.delivery().timeout());
		ServletRegistrationBean<SubscriptionSocketServlet> registration = new ServletRegistrationBean<>(
				new SubscriptionSocketServlet(caller -> new SubscriptionSocket(binder, sockets, caller, limits,
						websocketBindTimer)),
				SubscriptionSocketServlet.PATH);
		registration.setName("subscriptionWebsocket");
		return registration;
	}
}
