package no.fjord.subscription.delivery;

import no.fjord.common.access.BlockingCheck;
import no.fjord.consent.address.AddressProtection;
import no.fjord.security.enforcement.ResourceReadAccess;
import no.fjord.security.token.SmartPrincipal;
import no.fjord.subscription.registry.Subscriber;
import no.fjord.subscription.registry.SubscriptionDefinition;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * What a subscriber may be told, decided as if they read the resource themselves now: their token's scopes
 * (by the same rules as a FHIR read), the patient's blockings (sperring) and address protection. A
 * subscription made without a token (authentication switched off) is not restricted.
 */
public final class DeliveryAccess {

	private final ResourceReadAccess reads;
	private final BlockingCheck blockings;

	public DeliveryAccess(ResourceReadAccess reads, BlockingCheck blockings) {
		this.reads = reads;
		this.blockings = blockings;
	}

	public boolean maySee(Subscriber subscriber, IBaseResource resource) {
		if (subscriber == null) {
			return true;
		}
		SmartPrincipal principal = subscriber.principal();
		BlockingCheck.Person person = new BlockingCheck.Person(subscriber.issuer(), subscriber.subject(),
				subscriber.fhirUser(), subscriber.hprNumber(), subscriber.organisation());
		return reads.allows(principal, resource) && !blockings.keeps(person, resource);
	}

	/**
	 * Whether the subscription's search looks at the address of a person whose address the subscriber may
	 * not know: such a match is no event, as a search by address leaves protected people out.
	 */
	public boolean matchedOnHiddenAddress(Subscriber subscriber, SubscriptionDefinition definition, IBaseResource resource) {
		return subscriber != null
				&& definition.filterFor(resource.fhirType()).map(filter -> filter.parameterNames().stream()
						.anyMatch(AddressProtection::searchesByAddress)).orElse(false)
				&& AddressProtection.hidesAddressFrom(subscriber.principal(), resource);
	}

	/** The resource as the subscriber may see it in a payload (protected addresses left out). */
	public IBaseResource shownTo(Subscriber subscriber, IBaseResource resource) {
		return subscriber == null ? resource : AddressProtection.shownTo(subscriber.principal(), resource);
	}
}
