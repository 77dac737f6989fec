package no.fjord.consent.hapi;

import java.util.Optional;
import no.fjord.common.access.BlockingCheck;
import no.fjord.consent.caller.CallerResolver;
import no.fjord.security.scope.GrantedScopes;
import no.fjord.security.token.SmartPrincipal;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * {@link BlockingCheck} by the same keys and rule as every FHIR request ({@link CallerResolver},
 * {@link BlockingConsentService#keeps}): the patient picker and EHR launch neither offer nor accept a
 * patient whose blockings keep the Patient resource from the person. Emergency access is not considered
 * here: it is stated on FHIR requests.
 */
public final class PersonBlockingCheck implements BlockingCheck {

	private final CallerResolver callers;
	private final BlockingConsentService service;

	public PersonBlockingCheck(CallerResolver callers, BlockingConsentService service) {
		this.callers = callers;
		this.service = service;
	}

	@Override
	public boolean keeps(Person person, IBaseResource resource) {
		SmartPrincipal principal = new SmartPrincipal(person.issuer(), person.subject(), Optional.empty(),
				GrantedScopes.parse(""), Optional.empty(), Optional.empty(), Optional.ofNullable(person.fhirUser()),
				Optional.empty(), Optional.ofNullable(person.hprNumber()), Optional.ofNullable(person.organisation()));
		return service.keeps(callers.resolve(principal).keys(), resource);
	}
}
