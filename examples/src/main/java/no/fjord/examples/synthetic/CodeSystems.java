package no.fjord.examples.synthetic;

/**
 * The code systems, identifier systems and extension URLs the generator writes, in one place so
 * tests can assert that every code comes from a declared system.
 */
public final class CodeSystems {

	/** Fødselsnummer, no-basis NamingSystem {@code no-basis-FNR}. */
	public static final String FODSELSNUMMER = "urn:oid:2.16.578.1.12.4.1.4.1";
	/** Kommunenummer (SSB), no-basis NamingSystem {@code no-basis-kommunenummer}. */
	public static final String KOMMUNENUMMER = "urn:oid:2.16.578.1.12.4.1.1.3402";
	/** no-basis extension; its context is {@code Address.district}. */
	public static final String MUNICIPALITY_EXTENSION =
			"http://hl7.no/fhir/StructureDefinition/no-basis-municipalitycode";

	public static final String LOINC = "http://loinc.org";
	public static final String UCUM = "http://unitsofmeasure.org";
	public static final String ICD_10 = "http://hl7.org/fhir/sid/icd-10";
	/** ICPC-2 as used in Norwegian primary care (Volven 7170). */
	public static final String ICPC_2 = "urn:oid:2.16.578.1.12.4.1.1.7170";
	public static final String ATC = "http://www.whocc.no/atc";

	public static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
	public static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
	public static final String CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
	public static final String CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
	public static final String CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";

	private CodeSystems() {
	}
}
