package no.fjord.terminology.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of terminology distribution {@link TerminologyLoader} accepts. */
public enum TerminologyKind {

	/** A classification in FinnKode's CSV layout, stored under the URL the request names. */
	FINNKODE("finnkode", null, null),
	/** ICD-10, Norwegian edition (Helsedirektoratet), in FinnKode's CSV layout. */
	ICD_10_NO("icd-10-no", "http://hl7.org/fhir/sid/icd-10-no", "ICD-10 (norsk utgave)"),
	/** ICPC-2, Norwegian edition, in FinnKode's CSV layout. */
	ICPC_2_NO("icpc-2-no", "http://hl7.org/fhir/sid/icpc-2", "ICPC-2 (norsk utgave)"),
	/** The ICPC-2 to ICD-10 map, one pair of codes per row. */
	ICPC2_ICD10("icpc2-icd10", "https://fjord-fhir.no/fhir/ConceptMap/icpc2-icd10", "ICPC-2 til ICD-10"),
	/** A LOINC release (the official zip), through HAPI's LOINC loader. */
	LOINC("loinc", "http://loinc.org", "LOINC"),
	/** A SNOMED CT RF2 release (the international edition or the Norwegian extension), through HAPI's loader. */
	SNOMED_CT("snomed-ct", "http://snomed.info/sct", "SNOMED CT");

	private final String code;
	private final String url;
	private final String title;

	TerminologyKind(String code, String url, String title) {
		this.code = code;
		this.url = url;
		this.title = title;
	}

	public String code() {
		return code;
	}

	/** The canonical URL the content is stored under, or empty when the request names it. */
	public Optional<String> url() {
		return Optional.ofNullable(url);
	}

	public Optional<String> title() {
		return Optional.ofNullable(title);
	}

	/**
	 * The value set of all codes the loader keeps next to the classification ({@code ValueSet/<code>}),
	 * so pickers can expand it; empty for kinds without one.
	 */
	public Optional<String> allCodesValueSet() {
		return this == ICD_10_NO || this == ICPC_2_NO
				? Optional.of("https://fjord-fhir.no/fhir/ValueSet/" + code)
				: Optional.empty();
	}

	/** Distributions in FinnKode's CSV layout, which Fjord reads itself and which carry no version. */
	public boolean isFinnKode() {
		return this == FINNKODE || this == ICD_10_NO || this == ICPC_2_NO;
	}

	public static Optional<TerminologyKind> fromCode(String code) {
		return Arrays.stream(values()).filter(kind -> kind.code.equals(code.toLowerCase(Locale.ROOT))).findFirst();
	}

	public static String codes() {
		return String.join(", ", Arrays.stream(values()).map(TerminologyKind::code).toList());
	}
}
