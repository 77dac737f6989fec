package no.fjord.common.fhir;

/**
 * The identifier systems of Norwegian national registries, as used by HL7 Norway's no-basis
 * profiles (NamingSystems in {@code hl7.fhir.no.basis}).
 */
public final class NorwegianIdentifierSystems {

	/** Fødselsnummer, from the National Population Register (Folkeregisteret). */
	public static final String FODSELSNUMMER = "urn:oid:2.16.578.1.12.4.1.4.1";
	/** D-nummer, for people without a fødselsnummer (day of birth + 40). */
	public static final String D_NUMMER = "urn:oid:2.16.578.1.12.4.1.4.2";
	/** Felles hjelpenummer (FH-nummer), when neither is known. */
	public static final String FH_NUMMER = "urn:oid:2.16.578.1.12.4.1.4.3";
	/** HPR-nummer, the health personnel register. */
	public static final String HPR_NUMMER = "urn:oid:2.16.578.1.12.4.1.4.4";
	/** DUF-nummer, immigration authorities. */
	public static final String DUF_NUMMER = "urn:oid:2.16.578.1.12.4.1.4.5";
	/** Organisasjonsnummer, the Central Coordinating Register for Legal Entities (Enhetsregisteret). */
	public static final String ORGANISASJONSNUMMER = "urn:oid:2.16.578.1.12.4.1.4.101";
	/** RESH-id, the register of health enterprises. */
	public static final String RESH_ID = "urn:oid:2.16.578.1.12.4.1.4.102";
	/** HER-id, the address register for electronic messages. */
	public static final String HER_ID = "urn:oid:2.16.578.1.12.4.1.2";

	private NorwegianIdentifierSystems() {}
}
