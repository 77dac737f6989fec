package no.fjord.consent.blocking;

/**
 * One {@code Consent.provision.data}: a resource ({@code Encounter/123}) and how far the provision reaches
 * from it (R4 consent-data-meaning).
 */
public record DataReference(String reference, Meaning meaning) {

	public enum Meaning {
		/** the resource itself */
		INSTANCE,
		/** the resource and every resource that refers to it, e.g. an Encounter and what belongs to it */
		RELATED,
		/** only the resources that refer to it */
		DEPENDENTS
	}

	boolean covers(DataFacts data) {
		return switch (meaning) {
			case INSTANCE -> reference.equals(data.reference());
			case RELATED -> reference.equals(data.reference()) || data.references().contains(reference);
			case DEPENDENTS -> data.references().contains(reference);
		};
	}
}
