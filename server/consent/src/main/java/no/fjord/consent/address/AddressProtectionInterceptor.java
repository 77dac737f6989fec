package no.fjord.consent.address;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Set;
import no.fjord.common.error.OperationOutcomes;
import no.fjord.common.fhir.RequestPipeline;
import no.fjord.common.fhir.SearchParameterNames;
import no.fjord.security.token.SmartPrincipal;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Person;

/**
 * Address protection (adressebeskyttelse in Folkeregisteret): a Patient, RelatedPerson or Person labelled
 * {@code fortrolig}, {@code strengtFortrolig} or {@code strengtFortroligUtland} in {@code meta.security} is
 * shown without its addresses, marked {@code REDACTED}, to everyone but the person themselves and callers
 * whose token has the {@value #SCOPE} scope. A search by address leaves protected people out (else
 * finding them would tell where they live), and searching for an address through another resource is
 * refused to those callers. Exports leave protected addresses out ({@link ExportAddressProtection}).
 */
@Interceptor(order = RequestPipeline.ADDRESS_PROTECTION)
public class AddressProtectionInterceptor {

	public static final String SYSTEM = "https://fjord-fhir.no/fhir/CodeSystem/fjord-address-protection";
	public static final Set<String> PROTECTED = Set.of("fortrolig", "strengtFortrolig", "strengtFortroligUtland");
	public static final String SCOPE = "fjord.protected-address";
	private static final String REDACTED_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

	@Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
	public void beforeShow(IPreResourceShowDetails details, RequestDetails request) {
		if (mayKnowAnyAddress()) {
			return;
		}
		SmartPrincipal caller = SmartPrincipal.current().orElseThrow();
		for (int index = 0; index < details.size(); index++) {
			IBaseResource resource = details.getResource(index);
			if (AddressProtection.hidesAddressFrom(caller, resource)) {
				details.setResource(index, AddressProtection.shownTo(caller, resource));
			}
		}
	}

	@Hook(Pointcut.STORAGE_PREACCESS_RESOURCES)
	public void beforeAccess(IPreResourceAccessDetails details, RequestDetails request) {
		if (request == null || !searchesByAddress(request) || mayKnowAnyAddress()) {
			return;
		}
		SmartPrincipal caller = SmartPrincipal.current().orElseThrow();
		for (int index = 0; index < details.size(); index++) {
			IBaseResource resource = details.getResource(index);
			if (AddressProtection.hidesAddressFrom(caller, resource)) {
				details.setDontReturnResourceAtIndex(index);
			}
		}
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void beforeSearch(RequestDetails request) {
		boolean chainedAddress = request.getParameters().keySet().stream()
				.anyMatch(name -> SearchParameterNames.reachesOtherResources(name) && name.contains("address"));
		if (chainedAddress && !mayKnowAnyAddress()) {
			String message = "Searching by address through another resource is not available to this caller";
			throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.NOTSUPPORTED, message));
		}
	}

	static boolean isProtected(IBaseResource resource) {
		if (!(resource instanceof Patient || resource instanceof RelatedPerson || resource instanceof Person)) {
			return false;
		}
		return resource.getMeta().getSecurity().stream()
				.anyMatch(label -> SYSTEM.equals(label.getSystem()) && PROTECTED.contains(label.getCode()));
	}

	private static boolean searchesByAddress(RequestDetails request) {
		return request.getParameters().keySet().stream().anyMatch(AddressProtection::searchesByAddress);
	}

	private static boolean mayKnowAnyAddress() {
		// No principal: authentication is off, or an internal job without a caller.
		return SmartPrincipal.current().map(AddressProtection::mayKnowAnyAddress).orElse(true);
	}

	static void strip(IBaseResource resource) {
		if (resource instanceof Patient patient) {
			patient.setAddress(null);
			patient.getContact().forEach(contact -> contact.setAddress(null));
		} else if (resource instanceof RelatedPerson person) {
			person.setAddress(null);
		} else if (resource instanceof Person person) {
			person.setAddress(null);
		}
		resource.getMeta().addSecurity().setSystem(REDACTED_SYSTEM).setCode("REDACTED").setDisplay("redacted");
	}
}
