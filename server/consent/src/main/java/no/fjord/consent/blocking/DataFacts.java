package no.fjord.consent.blocking;

import java.util.Set;

/**
 * What a blocking's limits look at in a resource. Implementations may work lazily: most blockings have no
 * period or data limits, and a clinical date costs a FHIRPath evaluation.
 */
public interface DataFacts {

	String resourceType();

	/** {@code Observation/123} */
	String reference();

	/** {@code meta.security} as {@code system|code} */
	Set<String> securityLabels();

	/** The resource's clinical date or period (effective, period, onset...), or {@code null} when it has none. */
	DateRange clinicalDate();

	/** Every resource it refers to, as {@code Type/id}. */
	Set<String> references();
}
