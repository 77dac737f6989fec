package no.fjord.consent.address;

import no.fjord.security.token.SmartPrincipal;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DomainResource;

/**
 * Address protection for data sent outside a request (subscription notifications): the same rule as
 * {@link AddressProtectionInterceptor}, for a caller known from elsewhere than the request's token.
 */
public final class AddressProtection {

	private AddressProtection() {
	}

	/** The resource as this caller may see it: without protected addresses unless they may know them. */
	public static IBaseResource shownTo(SmartPrincipal caller, IBaseResource resource) {
		if (!AddressProtectionInterceptor.isProtected(resource)
				|| caller.scopes().otherScopes().contains(AddressProtectionInterceptor.SCOPE)
				|| caller.fhirUser().filter(user -> user.endsWith(
						resource.fhirType() + "/" + resource.getIdElement().getIdPart())).isPresent()) {
			return resource;
		}
		DomainResource copy = ((DomainResource) resource).copy();
		AddressProtectionInterceptor.strip(copy);
		return copy;
	}
}
