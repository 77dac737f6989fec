package no.fjord.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import no.fjord.audit.trail.AuditWriter;
import no.fjord.common.access.BlockingCheck;
import no.fjord.common.fhir.FhirRestProperties;
import no.fjord.common.fhir.FhirServerCustomizer;
import no.fjord.common.fhir.FhirStorageCustomizer;
import no.fjord.common.schema.SchemaMigrations;
import no.fjord.security.enforcement.ResourceReadAccess;
import no.fjord.storage.StorageAutoConfiguration;
import no.fjord.subscription.delivery.Backoff;
import no.fjord.subscription.delivery.DeliveryAccess;
import no.fjord.subscription.delivery.DeliveryAudit;
import no.fjord.subscription.delivery.DeliveryListener;
import no.fjord.subscription.delivery.DeliveryMetrics;
import no.fjord.subscription.delivery.DeliveryChannels;
import no.fjord.subscription.delivery.DeliveryWorker;
import no.fjord.subscription.delivery.EndpointPolicy;
import no.fjord.subscription.delivery.NotificationRenderer;
import no.fjord.subscription.delivery.RestHookChannel;
import no.fjord.subscription.delivery.RestHookSender;
import no.fjord.subscription.delivery.SubscriptionDelivery;
import no.fjord.subscription.fhir.SubscriberAccess;
import no.fjord.subscription.fhir.SubscriptionEventsOperationProvider;
import no.fjord.subscription.fhir.SubscriptionParser;
import no.fjord.subscription.fhir.SubscriptionStatusOperationProvider;
import no.fjord.subscription.fhir.SubscriptionStatusWriter;
import no.fjord.subscription.fhir.SubscriptionVisibilityInterceptor;
import no.fjord.subscription.fhir.SubscriptionWriteInterceptor;
import no.fjord.subscription.outbox.ChangeCaptureInterceptor;
import no.fjord.subscription.outbox.ChangeDispatcher;
import no.fjord.subscription.outbox.EventMatcher;
import no.fjord.subscription.outbox.QueryMatcher;
import no.fjord.subscription.registry.LiveSubscriptions;
import no.fjord.subscription.registry.ResourceVersions;
import no.fjord.subscription.registry.SubscriptionDefinition;
import no.fjord.subscription.registry.SubscriptionEvents;
import no.fjord.subscription.registry.SubscriptionGauges;
import no.fjord.subscription.registry.SubscriptionRecords;
import no.fjord.subscription.topic.ShippedTopics;
import no.fjord.subscription.topic.Topics;
import no.fjord.subscription.websocket.BoundSockets;
import no.fjord.subscription.websocket.WebsocketChannel;
import no.fjord.subscription.websocket.WebsocketConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Subscriptions: R4 criteria and Backport IG topic-based, recorded in an outbox with each change and
 * delivered by workers that check the subscriber's access again at delivery.
 */
@AutoConfiguration(after = StorageAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SubscriptionProperties.class)
@Import(WebsocketConfiguration.class)
public class SubscriptionAutoConfiguration {

	/** The subscription tables at their newest version ({@code db/fjord/subscription/V*.sql}). */
	public record SubscriptionSchema() {
	}

	@Bean
	SubscriptionSchema subscriptionSchema(DataSource dataSource) {
		SchemaMigrations.migrate(dataSource, "subscription");
		return new SubscriptionSchema();
	}

	@Bean
	Topics subscriptionTopics(SubscriptionProperties properties) {
		return new Topics(ShippedTopics.all(), properties.topics());
	}

	@Bean
	SubscriptionRecords subscriptionRecords(JdbcTemplate jdbc, SubscriptionSchema schema) {
		// Rows written by a newer version may carry fields this one does not know.
		return new SubscriptionRecords(jdbc,
				new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));
	}

	@Bean
	SubscriptionEvents subscriptionEvents(JdbcTemplate jdbc, SubscriptionSchema schema) {
		return new SubscriptionEvents(jdbc);
	}

	@Bean
	LiveSubscriptions liveSubscriptions(SubscriptionRecords records, Topics topics) {
		return new LiveSubscriptions(records, topics);
	}

	@Bean
	EndpointPolicy subscriptionEndpointPolicy(SubscriptionProperties properties) {
		return new EndpointPolicy(properties.endpoints().insecureHosts(), properties.endpoints().privateHosts());
	}

	@Bean
	SubscriptionParser subscriptionParser(FhirContext context, MatchUrlService matchUrls, Topics topics,
			EndpointPolicy endpoints) {
		return new SubscriptionParser(context, matchUrls, topics, endpoints);
	}

	@Bean
	DeliveryAccess deliveryAccess(ResourceReadAccess reads, ObjectProvider<BlockingCheck> blockings) {
		return new DeliveryAccess(reads, blockings.getIfAvailable(() -> BlockingCheck.NONE));
	}

	@Bean
	NotificationRenderer notificationRenderer(FhirContext context) {
		return new NotificationRenderer(context);
	}

	@Bean
	ResourceVersions resourceVersions(DaoRegistry daos) {
		return new ResourceVersions(daos);
	}

	@Bean(destroyMethod = "close")
	RestHookSender restHookSender(EndpointPolicy endpoints, SubscriptionProperties properties) {
		SubscriptionProperties.Delivery delivery = properties.delivery();
		return new RestHookSender(endpoints, delivery.connectTimeout(), delivery.timeout(), 200, 4);
	}

	@Bean
	ChangeDispatcher changeDispatcher(JdbcTemplate jdbc, PlatformTransactionManager transactions, LiveSubscriptions live,
			Topics topics, ObjectProvider<SearchParamMatcher> matcher, MatchUrlService matchUrls, DaoRegistry daos,
			FhirContext context, DeliveryAccess access, SubscriptionEvents events, ResourceVersions versions) {
		EventMatcher eventMatcher = new EventMatcher(topics,
				new QueryMatcher(matcher.getObject(), matchUrls, daos, context), access);
		return new ChangeDispatcher(jdbc, new TransactionTemplate(transactions), live, eventMatcher, events, versions,
				context);
	}

	@Bean
	DeliveryChannels deliveryChannels(RestHookSender sender, WebsocketChannel websocket, BoundSockets websocketsHere,
			ObjectProvider<Clock> clock) {
		return new DeliveryChannels(Map.of(
				SubscriptionDefinition.REST_HOOK, new RestHookChannel(sender, clock.getIfAvailable(Clock::systemUTC)),
				SubscriptionDefinition.WEBSOCKET, websocket), websocketsHere::subscriptionIds);
	}

	/** The audit trail and the metrics hear of every notification. */
	@Bean
	DeliveryListener deliveryListener(ObjectProvider<AuditWriter> audit, ObjectProvider<MeterRegistry> metrics,
			ObjectProvider<Clock> clock) {
		Clock now = clock.getIfAvailable(Clock::systemUTC);
		return DeliveryListener.all(new DeliveryAudit(Optional.ofNullable(audit.getIfAvailable()), now),
				new DeliveryMetrics(metrics.getIfAvailable(SimpleMeterRegistry::new), now));
	}

	@Bean
	DeliveryWorker deliveryWorker(SubscriptionProperties properties, SubscriptionRecords records, SubscriptionEvents events,
			ResourceVersions versions, FhirContext context, DeliveryAccess access, NotificationRenderer renderer,
			DeliveryChannels channels, DeliveryListener listener, DaoRegistry daos, ObjectProvider<Clock> clock) {
		SubscriptionProperties.Delivery delivery = properties.delivery();
		// A lease outlives the longest delivery attempt, twice over: only a dead process lets one run out.
		DeliveryWorker.Settings settings = new DeliveryWorker.Settings(
				delivery.timeout().plus(delivery.connectTimeout()).multipliedBy(2).plus(Duration.ofSeconds(5)),
				new Backoff(delivery.firstRetry(), delivery.longestRetry()), delivery.giveUpAfter());
		return new DeliveryWorker(records, events, versions, context, access, renderer, channels, listener,
				new SubscriptionStatusWriter(daos), settings, clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnProperty(name = "fjord.subscription.enabled", havingValue = "true", matchIfMissing = true)
	SubscriptionDelivery subscriptionDelivery(SubscriptionProperties properties, ChangeDispatcher dispatcher,
			DeliveryWorker worker, SubscriptionEvents events, ObjectProvider<Clock> clock) {
		SubscriptionProperties.Delivery delivery = properties.delivery();
		return new SubscriptionDelivery(dispatcher, worker, delivery.workers(), delivery.pollInterval(), events,
				delivery.eventRetention(), clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean(destroyMethod = "close")
	SubscriptionGauges subscriptionGauges(JdbcTemplate jdbc, SubscriptionSchema schema,
			ObjectProvider<MeterRegistry> registry) {
		SubscriptionGauges gauges = new SubscriptionGauges(jdbc, registry.getIfAvailable(SimpleMeterRegistry::new));
		gauges.start(Duration.ofSeconds(15));
		return gauges;
	}

	/** Subscription writes checked and recorded, changes put in the outbox: on every path to storage. */
	@Bean
	FhirStorageCustomizer subscriptionStorage(SubscriptionParser parser, Topics topics, SubscriptionRecords records,
			LiveSubscriptions live, JdbcTemplate jdbc, ObjectProvider<SubscriptionDelivery> delivery,
			FhirRestProperties rest, SubscriptionProperties properties) {
		Runnable wakeDispatcher = () -> delivery.ifAvailable(SubscriptionDelivery::wakeDispatcher);
		Runnable wakeWorkers = () -> delivery.ifAvailable(SubscriptionDelivery::wakeWorkers);
		String defaultBase = Optional.ofNullable(rest.serverAddress()).map(Object::toString).orElse("http://localhost/fhir");
		return storage -> {
			storage.registerInterceptor(new SubscriptionWriteInterceptor(parser, new SubscriberAccess(topics), records,
					live, wakeWorkers, defaultBase, properties.maxPerSubscriber()));
			storage.registerInterceptor(new SubscriptionVisibilityInterceptor(records));
			storage.registerInterceptor(new ChangeCaptureInterceptor(live, jdbc, wakeDispatcher));
		};
	}

	@Bean
	@Order(50)
	FhirServerCustomizer subscriptionOperations(SubscriptionRecords records, SubscriptionEvents events,
			ResourceVersions versions, DeliveryAccess access, NotificationRenderer renderer) {
		return server -> {
			server.registerProvider(new SubscriptionStatusOperationProvider(records, renderer));
			server.registerProvider(new SubscriptionEventsOperationProvider(records, events, versions, access, renderer));
		};
	}
}
