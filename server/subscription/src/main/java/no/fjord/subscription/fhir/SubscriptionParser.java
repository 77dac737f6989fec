package no.fjord.subscription.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import no.fjord.common.error.OperationOutcomes;
import no.fjord.subscription.delivery.ChannelHeaders;
import no.fjord.subscription.delivery.EndpointPolicy;
import no.fjord.subscription.delivery.RefusedEndpoint;
import no.fjord.subscription.delivery.WebhookSignature;
import no.fjord.subscription.registry.SubscriptionDefinition;
import no.fjord.subscription.registry.SubscriptionDefinition.Filter;
import no.fjord.subscription.registry.SubscriptionDefinition.Payload;
import no.fjord.subscription.topic.Topic;
import no.fjord.subscription.topic.Topics;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelComponent;

/**
 * Reads a Subscription resource into a {@link SubscriptionDefinition}, refusing (422, with an
 * OperationOutcome saying what is wrong) what Fjord cannot deliver: R4 criteria subscriptions
 * ({@code criteria} a search) and topic-based ones (Subscriptions R5 Backport IG 1.1.0: {@code criteria} a
 * topic's canonical URL, filters in {@code backport-filter-criteria}), over {@code rest-hook} or
 * {@code websocket}.
 */
public final class SubscriptionParser {

	public static final String BACKPORT = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
	public static final String FILTER_CRITERIA = BACKPORT + "backport-filter-criteria";
	public static final String PAYLOAD_CONTENT = BACKPORT + "backport-payload-content";
	public static final String HEARTBEAT_PERIOD = BACKPORT + "backport-heartbeat-period";
	/** The signing secret of a rest-hook subscription ({@code whsec_...}); never stored in the resource. */
	public static final String SECRET = "https://fjord-fhir.no/fhir/StructureDefinition/subscription-signing-secret";

	private static final Set<String> PATIENT_PARAMETERS = Set.of("patient", "subject", "beneficiary");

	private final FhirContext context;
	private final MatchUrlService matchUrls;
	private final Topics topics;
	private final EndpointPolicy endpoints;

	public SubscriptionParser(FhirContext context, MatchUrlService matchUrls, Topics topics, EndpointPolicy endpoints) {
		this.context = context;
		this.matchUrls = matchUrls;
		this.topics = topics;
		this.endpoints = endpoints;
	}

	public SubscriptionDefinition parse(Subscription subscription, String id, String serverBase) {
		SubscriptionChannelComponent channel = subscription.getChannel();
		String channelType = channel.getTypeElement().getValueAsString();
		if (!SubscriptionDefinition.REST_HOOK.equals(channelType) && !SubscriptionDefinition.WEBSOCKET.equals(channelType)) {
			throw refused("Subscription.channel.type must be rest-hook or websocket; Fjord does not send " + channelType);
		}
		String endpoint = channel.getEndpoint();
		if (SubscriptionDefinition.REST_HOOK.equals(channelType)) {
			checkEndpoint(endpoint);
		}
		List<String> headers = channel.getHeader().stream().map(PrimitiveType::getValue).toList();
		try {
			ChannelHeaders.check(headers);
		} catch (RefusedEndpoint refused) {
			throw refused("Subscription.channel.header refused: " + refused.getMessage());
		}
		String criteria = Optional.ofNullable(subscription.getCriteria()).orElse("").trim();
		if (criteria.isEmpty()) {
			throw refused("Subscription.criteria is required: a search (Observation?patient=Patient/1) or a topic URL");
		}
		boolean topicBased = criteria.startsWith("http://") || criteria.startsWith("https://")
				|| subscription.getMeta().hasProfile(BACKPORT + "backport-subscription");
		List<Filter> filters;
		String contentType = payloadType(channel);
		Payload payload;
		String topicUrl = null;
		if (topicBased) {
			Topic topic = topics.find(criteria).orElseThrow(() -> refused("Unknown subscription topic " + criteria
					+ "; this server offers: " + String.join(", ", topics.all().stream().map(Topic::url).toList())));
			topicUrl = topic.url();
			filters = topicFilters(subscription, topic);
			payload = contentType == null ? Payload.EMPTY : payloadContent(channel);
		} else {
			filters = List.of(filter(criteria, "Subscription.criteria"));
			payload = contentType == null ? Payload.EMPTY : Payload.FULL_RESOURCE;
		}
		return new SubscriptionDefinition(id, topicUrl, filters, channelType, endpoint, contentType, payload, headers,
				heartbeatSeconds(channel), onePatient(filters), serverBase);
	}

	/** The signing secret the subscriber gave, if any (checked). */
	public Optional<String> secret(Subscription subscription) {
		Extension extension = subscription.getChannel().getExtensionByUrl(SECRET);
		if (extension == null) {
			return Optional.empty();
		}
		String secret = extension.getValue() instanceof StringType text ? text.getValue() : null;
		if (!WebhookSignature.isValidSecret(secret)) {
			throw refused("The signing secret (" + SECRET + ") must be 'whsec_' followed by 24 to 64 bytes in base64");
		}
		return Optional.of(secret);
	}

	private void checkEndpoint(String endpoint) {
		if (endpoint == null || endpoint.isBlank()) {
			throw refused("Subscription.channel.endpoint is required for rest-hook");
		}
		try {
			endpoints.checkUrl(endpoint);
		} catch (RefusedEndpoint refused) {
			throw refused("Subscription.channel.endpoint refused: " + refused.getMessage());
		}
	}

	private static String payloadType(SubscriptionChannelComponent channel) {
		String payload = channel.getPayload();
		if (payload == null || payload.isBlank()) {
			return null;
		}
		String mime = payload.split(";")[0].trim();
		if (!mime.equals("application/fhir+json") && !mime.equals("application/json")) {
			throw refused("Subscription.channel.payload must be application/fhir+json (or absent for no payload)");
		}
		return "application/fhir+json";
	}

	private static Payload payloadContent(SubscriptionChannelComponent channel) {
		Extension content = channel.getPayloadElement().getExtensionByUrl(PAYLOAD_CONTENT);
		if (content == null) {
			return Payload.ID_ONLY;
		}
		String code = content.getValue() == null ? null : content.getValue().primitiveValue();
		return Payload.ofCode(code).orElseThrow(() -> refused("backport-payload-content must be empty, id-only or full-resource"));
	}

	private static int heartbeatSeconds(SubscriptionChannelComponent channel) {
		Extension heartbeat = channel.getExtensionByUrl(HEARTBEAT_PERIOD);
		if (heartbeat == null || heartbeat.getValue() == null) {
			return 0;
		}
		try {
			int seconds = Integer.parseInt(heartbeat.getValue().primitiveValue());
			if (seconds < 10) {
				throw refused("backport-heartbeat-period must be at least 10 seconds");
			}
			return seconds;
		} catch (NumberFormatException notNumber) {
			throw refused("backport-heartbeat-period must be a number of seconds");
		}
	}

	private List<Filter> topicFilters(Subscription subscription, Topic topic) {
		Set<String> triggerTypes = new HashSet<>();
		topic.triggers().forEach(trigger -> triggerTypes.add(trigger.resourceType()));
		List<Filter> filters = new ArrayList<>();
		for (Extension extension : subscription.getCriteriaElement().getExtensionsByUrl(FILTER_CRITERIA)) {
			String text = extension.getValue() == null ? "" : extension.getValue().primitiveValue();
			Filter filter = filter(text, "backport-filter-criteria");
			if (!triggerTypes.contains(filter.resourceType())) {
				throw refused("Topic " + topic.url() + " is about " + String.join(", ", triggerTypes)
						+ "; a filter on " + filter.resourceType() + " never applies");
			}
			if (filters.stream().anyMatch(other -> other.resourceType().equals(filter.resourceType()))) {
				throw refused("One backport-filter-criteria per resource type; combine the parameters with &");
			}
			filters.add(filter);
		}
		return filters;
	}

	/** Reads {@code Type?query}, checked against the search parameters the server knows. */
	private Filter filter(String criteria, String where) {
		String text = criteria == null ? "" : criteria.trim();
		int question = text.indexOf('?');
		String type = question < 0 ? text : text.substring(0, question);
		String query = question < 0 ? "" : text.substring(question + 1);
		if (!context.getResourceTypes().contains(type)) {
			throw refused(where + " must start with a resource type (Observation?code=...), not '" + type + "'");
		}
		try {
			matchUrls.translateMatchUrl(type + "?" + query, context.getResourceDefinition(type));
		} catch (BaseServerResponseException | IllegalArgumentException unreadable) {
			throw refused(where + " is not a search this server can run: " + unreadable.getMessage());
		}
		return new Filter(type, query);
	}

	/** The one patient every filter names, when they all name the same one; else {@code null}. */
	private static String onePatient(List<Filter> filters) {
		String patient = null;
		for (Filter filter : filters) {
			String named = patientOf(filter);
			if (named == null || (patient != null && !patient.equals(named))) {
				return null;
			}
			patient = named;
		}
		return patient;
	}

	private static String patientOf(Filter filter) {
		String found = null;
		for (String pair : filter.query().split("&")) {
			int equals = pair.indexOf('=');
			if (equals < 0) {
				continue;
			}
			String name = pair.substring(0, equals);
			String value = java.net.URLDecoder.decode(pair.substring(equals + 1), java.nio.charset.StandardCharsets.UTF_8);
			boolean patientParameter = PATIENT_PARAMETERS.contains(name)
					|| ("Patient".equals(filter.resourceType()) && "_id".equals(name));
			if (!patientParameter || value.contains(",")) {
				continue;
			}
			String id = value.startsWith("Patient/") ? value.substring("Patient/".length()) : value;
			if (!id.isEmpty() && !id.contains("/") && ("_id".equals(name) || value.startsWith("Patient/")
					|| "patient".equals(name))) {
				found = id;
			}
		}
		return found;
	}

	static UnprocessableEntityException refused(String message) {
		return new UnprocessableEntityException(message, OperationOutcomes.error(IssueType.INVALID, message));
	}
}
