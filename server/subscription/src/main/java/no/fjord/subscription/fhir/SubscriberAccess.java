package no.fjord.subscription.fhir;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.Optional;
import no.fjord.common.error.OperationOutcomes;
import no.fjord.common.fhir.SearchParameterNames;
import no.fjord.consent.address.AddressProtection;
import no.fjord.security.scope.Permission;
import no.fjord.security.scope.SmartScope.Context;
import no.fjord.security.token.SmartPrincipal;
import no.fjord.subscription.registry.SubscriptionDefinition;
import no.fjord.subscription.registry.SubscriptionState;
import no.fjord.subscription.topic.Topics;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Who may subscribe to what, and whose subscriptions a caller may see and change. Subscribing needs a
 * token that reads every type the subscription can deliver; a token that reads a type only in a patient's
 * compartment may subscribe only to that patient (its filters must name the patient). A subscription is
 * seen and changed by the app and user that made it, and by administrators.
 */
public final class SubscriberAccess {

	private final Topics topics;

	public SubscriberAccess(Topics topics) {
		this.topics = topics;
	}

	public void checkMaySubscribe(SmartPrincipal caller, SubscriptionDefinition definition) {
		boolean chainsToAddress = definition.filters().stream().flatMap(filter -> filter.parameterNames().stream())
				.anyMatch(name -> SearchParameterNames.reachesOtherResources(name) && AddressProtection.searchesByAddress(name));
		if (chainsToAddress && !AddressProtection.mayKnowAnyAddress(caller)) {
			// As for searches: matching would tell where a person with a protected address lives.
			throw forbidden("Searching by address through another resource is not available to this caller");
		}
		for (String type : topics.typesWatchedBy(definition)) {
			boolean readsAll = caller.scopes().allows(Context.USER, Permission.READ, type)
					|| caller.scopes().allows(Context.SYSTEM, Permission.READ, type);
			if (readsAll) {
				continue;
			}
			if (!caller.scopes().allows(Context.PATIENT, Permission.READ, type)) {
				throw forbidden("The token's scopes do not allow reading " + type + ", which this subscription would deliver");
			}
			Optional<String> ownPatient = caller.patient();
			if (ownPatient.isEmpty() || !ownPatient.get().equals(definition.patientId())) {
				throw forbidden("A patient/ token can subscribe only to its own patient: every filter must name Patient/"
						+ ownPatient.orElse("(the launch patient)"));
			}
		}
	}

	/** Whether the caller made this subscription or administers the server. */
	public static boolean owns(SmartPrincipal caller, SubscriptionState subscription) {
		return caller.isAdministrator()
				|| (subscription.subscriber() != null && subscription.subscriber().isSameCallerAs(caller));
	}

	public static ForbiddenOperationException forbidden(String message) {
		return new ForbiddenOperationException(message, OperationOutcomes.error(IssueType.FORBIDDEN, message));
	}
}
