package no.fjord.subscription.websocket;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.Date;
import java.util.Optional;
import no.fjord.common.error.OperationOutcomes;
import no.fjord.security.token.SmartPrincipal;
import no.fjord.subscription.fhir.SubscriberAccess;
import no.fjord.subscription.registry.SubscriptionDefinition;
import no.fjord.subscription.registry.SubscriptionRecords;
import no.fjord.subscription.registry.SubscriptionState;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.UrlType;

/**
 * {@code POST Subscription/[id]/$get-ws-binding-token} (Subscriptions R5 Backport IG 1.1.0): a short-lived
 * token with which a websocket client binds to this subscription ({@code bind-with-token [token]}), for the
 * subscription's owner only; anyone else is answered 404, as if it did not exist. Not idempotent (each call
 * issues a new token), so POST only, as the operation's definition says.
 *
 * @see <a href="https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/OperationDefinition-backport-subscription-get-ws-binding-token.html">$get-ws-binding-token</a>
 */
public final class BindingTokenOperationProvider {

	private final SubscriptionRecords records;
	private final BindingTokens tokens;

	public BindingTokenOperationProvider(SubscriptionRecords records, BindingTokens tokens) {
		this.records = records;
		this.tokens = tokens;
	}

	@Operation(name = "$get-ws-binding-token", type = Subscription.class, idempotent = false)
	public Parameters bindingToken(@IdParam IdType id, RequestDetails request) {
		SubscriptionState subscription = ownSubscription(id.getIdPart());
		if (!SubscriptionDefinition.WEBSOCKET.equals(subscription.definition().channel())) {
			String message = "Subscription/" + subscription.id() + " has channel " + subscription.definition().channel()
					+ "; binding tokens are for websocket subscriptions";
			throw new UnprocessableEntityException(message, OperationOutcomes.error(IssueType.BUSINESSRULE, message));
		}
		BindingToken token = tokens.issue(subscription.id());
		Parameters answer = new Parameters();
		answer.addParameter().setName("token").setValue(new StringType(token.token()));
		answer.addParameter().setName("expiration").setValue(new DateTimeType(Date.from(token.expiresAt())));
		answer.addParameter().setName("subscription").setValue(new StringType("Subscription/" + subscription.id()));
		answer.addParameter().setName("websocket-url").setValue(new UrlType(websocketUrl(request.getFhirServerBase())));
		return answer;
	}

	private SubscriptionState ownSubscription(String id) {
		Optional<SubscriptionState> subscription = records.find(id);
		Optional<SmartPrincipal> caller = SmartPrincipal.current();
		if (subscription.isEmpty() || caller.filter(who -> !SubscriberAccess.owns(who, subscription.get())).isPresent()) {
			throw new ResourceNotFoundException(new IdType("Subscription", id));
		}
		return subscription.get();
	}

	/** {@code https://host/fhir} → {@code wss://host/fhir/websocket}: the same server, as the client reached it. */
	static String websocketUrl(String fhirBase) {
		String base = fhirBase.replaceAll("/+$", "");
		String websocketBase = base.regionMatches(true, 0, "https:", 0, 6) ? "wss:" + base.substring(6)
				: base.regionMatches(true, 0, "http:", 0, 5) ? "ws:" + base.substring(5) : base;
		return websocketBase + "/websocket";
	}
}
