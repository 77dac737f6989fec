package no.fjord.consent.address;

import no.fjord.security.token.SmartPrincipal;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DomainResource;

/**
 * The address-protection rule for one caller: whether a person's address is hidden from them, and the
 * person as they may see it. {@link AddressProtectionInterceptor} applies it to FHIR requests; subscription
 * notifications apply it to a subscriber known from elsewhere than the request's token.
 */
public final class AddressProtection {

	private AddressProtection() {
	}

	/** The resource as this caller may see it: without protected addresses unless they may know them. */
	public static IBaseResource shownTo(SmartPrincipal caller, IBaseResource resource) {
		if (!hidesAddressFrom(caller, resource)) {
			return resource;
		}
		DomainResource copy = ((DomainResource) resource).copy();
		AddressProtectionInterceptor.strip(copy);
		return copy;
	}

	/**
	 * Whether this is a protected person whose address the caller may not know: then it must not be
	 * shown, nor found by a search on the address.
	 */
	public static boolean hidesAddressFrom(SmartPrincipal caller, IBaseResource resource) {
		return AddressProtectionInterceptor.isProtected(resource) && !mayKnowAnyAddress(caller)
				&& !isThemselves(caller, resource);
	}

	private static boolean isThemselves(SmartPrincipal caller, IBaseResource resource) {
		String reference = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
		return caller.fhirUser().filter(user -> user.equals(reference) || user.endsWith("/" + reference)).isPresent();
	}

	public static boolean mayKnowAnyAddress(SmartPrincipal caller) {
		return caller.scopes().otherScopes().contains(AddressProtectionInterceptor.SCOPE);
	}

	/** Whether a search parameter looks at addresses (or at all text, which includes them). */
	public static boolean searchesByAddress(String parameter) {
		return parameter.startsWith("address") || parameter.contains(".address") || parameter.contains(":address")
				|| parameter.equals("_content") || parameter.equals("_text");
	}
}
