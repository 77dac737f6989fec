package no.fjord.profiles.pkg;

/**
 * Fjord's own profile package ({@code profiles/} in the repository), carried on the classpath as a
 * FHIR NPM package and installed at every start.
 */
public final class FjordProfilePackage {

	public static final String LOCATION = "classpath:no/fjord/profiles/fjord.fhir.no.tgz";
	public static final String CANONICAL_BASE = "https://fjord-fhir.no/fhir/StructureDefinition/";

	public static final String PATIENT = CANONICAL_BASE + "fjord-patient";
	public static final String PRACTITIONER = CANONICAL_BASE + "fjord-practitioner";
	public static final String ORGANIZATION = CANONICAL_BASE + "fjord-organization";

	private FjordProfilePackage() {}
}
