package no.fjord.consent.hapi;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.Clock;
import java.util.Set;
import no.fjord.common.access.PatientsHiddenFromCaller;
import no.fjord.consent.blocking.ActiveBlockings;
import no.fjord.consent.blocking.BlockingDecision;

/**
 * The patients a request's caller may not look into at all: those with a blocking in force that names the
 * caller, whatever data it covers and whether or not emergency access is open (emergency access is for
 * treatment, not for reading who else looked). Asked for what is about the patient as a whole, such as their
 * audit trail.
 */
public final class HiddenPatientRecords implements PatientsHiddenFromCaller {

	private final BlockingConsentService service;
	private final ActiveBlockings blockings;
	private final Clock clock;

	public HiddenPatientRecords(BlockingConsentService service, ActiveBlockings blockings, Clock clock) {
		this.service = service;
		this.blockings = blockings;
		this.clock = clock;
	}

	@Override
	public Set<String> of(RequestDetails request) {
		return service.namedCaller(request)
				.map(caller -> blockings.patientsWith(
						blocking -> BlockingDecision.reachesCaller(blocking, caller.keys(), clock.instant())))
				.orElse(Set.of());
	}
}
