package no.fjord.subscription.registry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a Subscription resource asks for, read once when it is written: which changes (a search, or a
 * topic with filters), where and how to tell.
 *
 * @param id the Subscription's id
 * @param topicUrl the topic's canonical URL; {@code null} for an R4 criteria subscription
 * @param filters for a criteria subscription its one search; for a topic, the subscriber's filter per
 *     resource type ({@code filterBy})
 * @param channel {@code rest-hook} or {@code websocket}
 * @param endpoint where rest-hook notifications go
 * @param contentType the MIME type of the payload ({@code application/fhir+json}), or {@code null} for none
 * @param payload how much of the changed resource a notification carries
 * @param headers {@code Name: value} lines added to every rest-hook request
 * @param heartbeatSeconds how often to send a heartbeat when nothing happens; 0 for never
 * @param patientId the one patient (bare id) the subscription is about, when its filters say so; lets the
 *     dispatcher skip it for changes of other patients without evaluating searches
 * @param serverBase the FHIR base URL the subscription was made at, for the full URLs in notifications
 */
public record SubscriptionDefinition(String id, String topicUrl, List<Filter> filters, String channel, String endpoint,
		String contentType, Payload payload, List<String> headers, int heartbeatSeconds, String patientId,
		String serverBase) {

	public static final String REST_HOOK = "rest-hook";
	public static final String WEBSOCKET = "websocket";

	public SubscriptionDefinition {
		filters = List.copyOf(filters);
		headers = List.copyOf(headers);
	}

	/** A search a changed resource of this type must match ({@code code=http://loinc.org|1234-5}). */
	public record Filter(String resourceType, String query) {
		public String criteria() {
			return query.isEmpty() ? resourceType : resourceType + "?" + query;
		}

		/** The search parameters, with their modifiers and chains ({@code subject:Patient.address-city}). */
		@JsonIgnore
		public List<String> parameterNames() {
			return query.isEmpty() ? List.of()
					: java.util.Arrays.stream(query.split("&")).map(pair -> pair.split("=", 2)[0]).toList();
		}
	}

	/** Backport IG {@code backport-payload-content}. */
	public enum Payload {
		EMPTY("empty"), ID_ONLY("id-only"), FULL_RESOURCE("full-resource");

		private final String code;

		Payload(String code) {
			this.code = code;
		}

		public String code() {
			return code;
		}

		public static Optional<Payload> ofCode(String code) {
			for (Payload payload : values()) {
				if (payload.code.equals(code)) {
					return Optional.of(payload);
				}
			}
			return Optional.empty();
		}
	}

	/** The same definition for the Subscription with this id (a create's id is known only at storage). */
	public SubscriptionDefinition withId(String newId) {
		return new SubscriptionDefinition(newId, topicUrl, filters, channel, endpoint, contentType, payload, headers,
				heartbeatSeconds, patientId, serverBase);
	}

	/** The same definition with another payload ({@code $events?content=...}). */
	public SubscriptionDefinition withPayload(Payload newPayload) {
		return new SubscriptionDefinition(id, topicUrl, filters, channel, endpoint, contentType, newPayload, headers,
				heartbeatSeconds, patientId, serverBase);
	}

	@JsonIgnore
	public boolean isTopicBased() {
		return topicUrl != null;
	}

	public Optional<Filter> filterFor(String resourceType) {
		return filters.stream().filter(filter -> filter.resourceType().equals(resourceType)).findFirst();
	}

	public Set<String> filteredTypes() {
		return filters.stream().map(Filter::resourceType).collect(Collectors.toSet());
	}
}
