package no.fjord.common.access;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the consent service found while answering one FHIR request, kept with the request so the audit
 * trail can record it: whose blockings were overridden by emergency access (and why), and whose data was
 * held back. Consent writes, audit reads; neither module knows the other.
 */
public final class ConsentFindings {

	private static final String KEY = ConsentFindings.class.getName();

	private final Map<String, String> emergencyAccessReasons = new LinkedHashMap<>();
	private final Set<String> withheldPatients = new LinkedHashSet<>();

	private ConsentFindings() {
	}

	/** The findings of this request, made empty on first use. */
	public static ConsentFindings of(RequestDetails request) {
		return (ConsentFindings) request.getUserData().computeIfAbsent(KEY, key -> new ConsentFindings());
	}

	/** The findings of this request, or {@code null} when consent found nothing worth recording. */
	public static ConsentFindings find(RequestDetails request) {
		return (ConsentFindings) request.getUserData().get(KEY);
	}

	/** A blocking of this patient (bare id) was overridden by emergency access with this reason. */
	public synchronized void emergencyAccess(String patientId, String reason) {
		emergencyAccessReasons.putIfAbsent(patientId, reason);
	}

	/** Data of this patient (bare id) was held back from the caller because of a blocking. */
	public synchronized void withheld(String patientId) {
		withheldPatients.add(patientId);
	}

	/** Patient id to the reason given, for every patient whose blocking emergency access overrode. */
	public synchronized Map<String, String> emergencyAccessReasons() {
		return Collections.unmodifiableMap(new LinkedHashMap<>(emergencyAccessReasons));
	}

	public synchronized Set<String> withheldPatients() {
		return Collections.unmodifiableSet(new LinkedHashSet<>(withheldPatients));
	}

	public synchronized boolean usedEmergencyAccess() {
		return !emergencyAccessReasons.isEmpty();
	}
}
