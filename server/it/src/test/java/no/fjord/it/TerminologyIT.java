package no.fjord.it;

import static no.fjord.it.TestTerminology.ICD_10_NO;
import static no.fjord.it.TestTerminology.ICPC2_ICD10_MAP;
import static no.fjord.it.TestTerminology.ICPC_2;
import static no.fjord.it.TestTerminology.KOMMUNENUMMER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The terminology operations over HTTP, against the content Fjord ships (kommunenummer) and against the
 * sample classifications loaded with {@code $load-terminology}.
 */
class TerminologyIT extends FjordServerIT {

	private static final String KOMMUNENUMMER_VALUE_SET = "urn:oid:2.16.578.1.12.4.1.1.3402";
	private static final String MUNICIPALITY_CODE = "http://hl7.no/fhir/StructureDefinition/no-basis-municipalitycode";

	private static boolean samplesLoaded;

	@BeforeEach
	void loadSamples() {
		if (samplesLoaded) {
			return;
		}
		assertThat(load("icd-10-no", null, "2025", "icd-10-no-sample.csv", TestTerminology.sample("icd-10-no-sample.csv"))
				.statusCode()).isEqualTo(200);
		assertThat(load("icpc-2-no", null, "2025", "icpc-2-no-sample.csv", TestTerminology.sample("icpc-2-no-sample.csv"))
				.statusCode()).isEqualTo(200);
		assertThat(load("icpc2-icd10", null, "2025", "map.csv", TestTerminology.sample("icpc2-icd10-map-sample.csv"))
				.statusCode()).isEqualTo(200);
		samplesLoaded = true;
	}

	@Test
	void lookupFindsAShippedKommunenummer() {
		Parameters result = parameters(get("CodeSystem/$lookup?system=" + KOMMUNENUMMER + "&code=0301"), 200);

		assertThat(result.getParameterValue("display").primitiveValue()).isEqualTo("Oslo");
	}

	@Test
	void lookupOfAnUnknownCodeOrSystemIsANotFoundOperationOutcome() {
		assertOperationOutcome(get("CodeSystem/$lookup?system=" + KOMMUNENUMMER + "&code=9999"), 404, "9999");
		assertOperationOutcome(get("CodeSystem/$lookup?system=urn:fjord:unknown&code=A"), 404, "urn:fjord:unknown");
	}

	@Test
	void validateCodeAgainstTheKommunenummerValueSet() {
		Parameters known = parameters(get("ValueSet/$validate-code?url=" + KOMMUNENUMMER_VALUE_SET + "&system=" + KOMMUNENUMMER
				+ "&code=5001"), 200);
		assertThat(known.getParameterBool("result")).isTrue();
		assertThat(known.getParameterValue("display").primitiveValue()).isEqualTo("Trondheim");

		Parameters unknown = parameters(get("ValueSet/$validate-code?url=" + KOMMUNENUMMER_VALUE_SET + "&system=" + KOMMUNENUMMER
				+ "&code=9999"), 200);
		assertThat(unknown.getParameterBool("result")).isFalse();
		assertThat(unknown.getParameterValue("message").primitiveValue()).contains("9999");
	}

	@Test
	void expandFiltersForTypeAheadAndPages() {
		ValueSet trond = expansion(get("ValueSet/$expand?url=" + KOMMUNENUMMER_VALUE_SET + "&filter=trondh&count=5"));
		assertThat(trond.getExpansion().getContains()).extracting(ValueSetExpansionContainsComponent::getCode)
				.contains("5001");

		ValueSet first = expansion(get("ValueSet/$expand?url=" + KOMMUNENUMMER_VALUE_SET + "&count=10&offset=0"));
		ValueSet second = expansion(get("ValueSet/$expand?url=" + KOMMUNENUMMER_VALUE_SET + "&count=10&offset=10"));
		assertThat(first.getExpansion().getTotal()).isGreaterThanOrEqualTo(357);
		assertThat(first.getExpansion().getContains()).hasSize(10);
		assertThat(second.getExpansion().getContains()).hasSize(10);
		assertThat(codes(first)).doesNotContainAnyElementsOf(codes(second));
	}

	@Test
	void expandAndLookupGiveEnglishWhereTheClassificationHasIt() {
		ValueSet english = expansion(get("ValueSet/$expand?url=https://fjord-fhir.no/fhir/ValueSet/icd-10-no"
				+ "&filter=astma&displayLanguage=en"));
		assertThat(english.getExpansion().getContains())
				.filteredOn(concept -> concept.getCode().equals("J45"))
				.singleElement()
				.satisfies(concept -> assertThat(concept.getDisplay()).isEqualTo("Asthma"));

		ValueSet norwegian = expansion(get("ValueSet/$expand?url=" + KOMMUNENUMMER_VALUE_SET
				+ "&filter=kautokeino&displayLanguage=nb"));
		assertThat(norwegian.getExpansion().getContains()).filteredOn(concept -> concept.getCode().equals("5612"))
				.singleElement().satisfies(concept -> assertThat(concept.getDisplay()).isEqualTo("Kautokeino"));
		assertThat(codes(expansion(get("ValueSet/$expand?url=" + KOMMUNENUMMER_VALUE_SET + "&filter=" + encode("tråante")))))
				.as("the Southern Sami name finds Trondheim").containsExactly("5001");
		assertThat(parameters(get("CodeSystem/$lookup?system=" + KOMMUNENUMMER + "&code=5612&displayLanguage=nb"), 200)
				.getParameterValue("display").primitiveValue()).isEqualTo("Kautokeino");
		ValueSet official = expansion(get("ValueSet/$expand?url=" + KOMMUNENUMMER_VALUE_SET + "&filter=kautokeino"));
		assertThat(official.getExpansion().getContains()).filteredOn(concept -> concept.getCode().equals("5612"))
				.singleElement().satisfies(concept -> assertThat(concept.getDisplay()).isEqualTo("Guovdageaidnu - Kautokeino"));

		Parameters lookup = parameters(get("CodeSystem/$lookup?system=" + ICD_10_NO + "&code=J45&displayLanguage=en"), 200);
		assertThat(lookup.getParameterValue("display").primitiveValue()).isEqualTo("Asthma");

		Parameters posted = new Parameters();
		posted.addParameter().setName("url").setValue(new UriType("https://fjord-fhir.no/fhir/ValueSet/icd-10-no"));
		posted.addParameter().setName("filter").setValue(new StringType("astma"));
		posted.addParameter().setName("displayLanguage").setValue(new CodeType("en"));
		ValueSet postedEnglish = expansion(post("ValueSet/$expand", "application/fhir+json",
				FHIR.newJsonParser().encodeResourceToString(posted)));
		assertThat(postedEnglish.getExpansion().getContains()).extracting(ValueSetExpansionContainsComponent::getDisplay)
				.as("displayLanguage in a POSTed Parameters body").contains("Asthma");
	}

	@Test
	void typeAheadMatchesCodePrefixesFirstThenWords() {
		ValueSet byCode = expansion(get("ValueSet/$expand?url=https://fjord-fhir.no/fhir/ValueSet/icd-10-no&filter=J45&count=3"));
		assertThat(codes(byCode)).startsWith("J45");
		assertThat(codes(byCode)).allMatch(code -> code.startsWith("J45"));

		ValueSet byWords = expansion(get("ValueSet/$expand?url=https://fjord-fhir.no/fhir/ValueSet/icd-10-no"
				+ "&filter=" + encode("allergisk ast")));
		assertThat(byWords.getExpansion().getContains()).isNotEmpty().allSatisfy(concept ->
				assertThat(concept.getDisplay().toLowerCase(java.util.Locale.ROOT)).contains("allergisk", "ast"));
	}

	@Test
	void subsumesFollowsTheClassificationHierarchy() {
		assertThat(subsumes("J45", "J450")).isEqualTo("subsumes");
		assertThat(subsumes("J450", "J45")).isEqualTo("subsumed-by");
		assertThat(subsumes("J45", "J45")).isEqualTo("equivalent");
		Parameters posted = new Parameters();
		posted.addParameter().setName("system").setValue(new UriType(ICD_10_NO));
		posted.addParameter().setName("codeA").setValue(new CodeType("J45"));
		posted.addParameter().setName("codeB").setValue(new CodeType("J45"));
		assertThat(parameters(post("CodeSystem/$subsumes", "application/fhir+json",
				FHIR.newJsonParser().encodeResourceToString(posted)), 200).getParameterValue("outcome").primitiveValue())
				.as("POSTed").isEqualTo("equivalent");
		assertThat(subsumes("J45", "I10")).isEqualTo("not-subsumed");
		assertOperationOutcome(get("CodeSystem/$subsumes?system=" + ICD_10_NO + "&codeA=J45&codeB=X999"), 400, "X999");
	}

	@Test
	void translateMapsIcpc2ToIcd10() {
		Parameters result = parameters(get("ConceptMap/$translate?url=" + ICPC2_ICD10_MAP + "&system=" + ICPC_2
				+ "&code=K86&targetsystem=" + ICD_10_NO), 200);

		assertThat(result.getParameterBool("result")).isTrue();
		assertThat(result.getParameters("match")).anySatisfy(match -> {
			assertThat(part(match, "equivalence")).isEqualTo("equivalent");
			Coding concept = (Coding) match.getPart().stream().filter(p -> p.getName().equals("concept"))
					.findFirst().orElseThrow().getValue();
			assertThat(concept.getSystem()).isEqualTo(ICD_10_NO);
			assertThat(concept.getCode()).isEqualTo("I10");
		});
	}

	@Test
	void validateCodeInALoadedClassification() {
		assertThat(parameters(get("CodeSystem/$validate-code?url=" + ICD_10_NO + "&code=J450"), 200)
				.getParameterBool("result")).isTrue();
		assertThat(parameters(get("CodeSystem/$validate-code?url=" + ICD_10_NO + "&code=X999"), 200)
				.getParameterBool("result")).isFalse();
	}

	@Test
	void aRefusedFileNamesItsLineAndLeavesThePreviousVersionInUse() {
		String url = "urn:fjord:test:versions:" + TestResources.unique();
		String header = "Kode;Tekst uten lengdebegrensning;Foreldrekode\n";
		assertThat(load("finnkode", url, "v1", "v1.csv", bytes(header + "A;Alfa;\nB;Beta;A\n")).statusCode())
				.isEqualTo(200);
		String valueSet = "{\"resourceType\":\"ValueSet\",\"url\":\"" + url + "-vs\",\"status\":\"active\","
				+ "\"compose\":{\"include\":[{\"system\":\"" + url + "\"}]}}";
		assertThat(post("ValueSet", "application/fhir+json", valueSet).statusCode()).isEqualTo(201);
		assertThat(codes(expansion(get("ValueSet/$expand?url=" + encode(url + "-vs") + "&filter=alfa"))))
				.containsExactly("A");

		HttpResponse<String> refused = load("finnkode", url, "v2", "v2.csv", bytes(header + "A;Alfa ny;\nA;Beta;\n"));
		assertOperationOutcome(refused, 400, "line 3: code A already given on line 2");
		assertThat(display(url, "A", null)).isEqualTo("Alfa");
		assertThat(bundle(get("CodeSystem?url=" + encode(url))).getTotal()).isEqualTo(1);

		assertThat(load("finnkode", url, "v2", "v2.csv", bytes(header + "A;Alfa ny;\nB;Beta;A\nC;Gamma;B\n"))
				.statusCode()).isEqualTo(200);
		assertThat(display(url, "A", null)).isEqualTo("Alfa ny");
		assertThat(expansion(get("ValueSet/$expand?url=" + encode(url + "-vs") + "&filter=gamma"))
				.getExpansion().getContains()).as("type-ahead sees the new version at once")
				.extracting(ValueSetExpansionContainsComponent::getDisplay).containsExactly("Gamma");
		assertOperationOutcome(load("finnkode", url, "v2", "v2.csv", bytes(header + "A;Alfa;\n")), 409,
				"already loaded");
		assertThat(display(url, "A", "v1")).as("the older version stays available").isEqualTo("Alfa");
		assertThat(parameters(get("CodeSystem/$subsumes?system=" + encode(url) + "&codeA=A&codeB=C"), 200)
				.getParameterValue("outcome").primitiveValue()).isEqualTo("subsumes");
	}

	@Test
	void badLoadRequestsAreRefused() {
		assertOperationOutcome(load("icd-11", null, "1", "x.csv", bytes("Kode;Tekst\nA;B\n")), 400, "Unknown kind");
		assertOperationOutcome(load("icd-10-no", null, null, "x.csv", bytes("Kode;Tekst\nA;B\n")), 400, "needs a version");
		assertOperationOutcome(load("finnkode", "not a uri", "1", "x.csv", bytes("Kode;Tekst\nA;B\n")), 400, "needs a url");
		assertOperationOutcome(load("icd-10-no", null, "1", "x.csv", bytes("Code2;Tekst\nA;B\n")), 400,
				"line 1: missing column kode");
		assertOperationOutcome(load("loinc", null, null, "loinc.zip", bytes("not a zip")), 422,
				"Could not find the following mandatory files");
		assertOperationOutcome(post("$load-terminology", "application/fhir+json",
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"version\",\"valueString\":\"1\"}]}"),
				400, "needs a kind");

		String fileUrl = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"kind\",\"valueCode\":\"icd-10-no\"},"
				+ "{\"name\":\"version\",\"valueString\":\"1\"},{\"name\":\"file\",\"valueAttachment\":{\"url\":\"file:/etc/passwd\"}}]}";
		assertOperationOutcome(post("$load-terminology", "application/fhir+json", fileUrl), 403, "file URLs are not allowed");
	}

	@Test
	void loincAndSnomedCtLoadThroughHapisLoaders() {
		HttpResponse<String> loinc = load("loinc", null, null, "loinc.zip", TestTerminology.zippedSample("loinc-sample"));
		assertThat(loinc.statusCode()).as(loinc.body()).isEqualTo(200);
		assertThat(display("http://loinc.org", "8867-4", null)).isEqualTo("Heart rate");

		HttpResponse<String> snomed =
				load("snomed-ct", null, null, "snomed.zip", TestTerminology.zippedSample("snomed-ct-no-sample"));
		assertThat(snomed.statusCode()).as(snomed.body()).isEqualTo(200);
		assertThat(parameters(get("CodeSystem/$subsumes?system=http://snomed.info/sct&codeA=404684003&codeB=59621000"), 200)
				.getParameterValue("outcome").primitiveValue()).isEqualTo("subsumes");
	}

	@Test
	void aKommunenummerOutsideTheRequiredValueSetIsRefusedWithItsLocation() {
		Patient inOslo = TestResources.patient(TestResources.unique());
		inOslo.addAddress(address("0301", "Oslo"));
		assertThat(client.create().resource(inOslo).execute().getCreated()).isTrue();

		Patient nowhere = TestResources.patient(TestResources.unique());
		nowhere.addAddress(address("0399", "Oslo"));
		HttpResponse<String> refused = post("Patient", "application/fhir+json",
				FHIR.newJsonParser().encodeResourceToString(nowhere));
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
		OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, refused.body());
		assertThat(outcome.getIssue()).anySatisfy(issue -> {
			assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
			assertThat(issue.getExpression()).singleElement().asString()
					.isEqualTo("Patient.address[0].district.extension[0].value.ofType(Coding)");
			assertThat(issue.getDiagnostics()).contains("0399", "https://fjord-fhir.no/fhir/ValueSet/kommunenummer");
		});
	}

	@Test
	void aCodeOutsideAnExtensibleBindingIsOnlyAWarning() {
		Patient patient = TestResources.patient(TestResources.unique());
		patient.getMaritalStatus().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-MaritalStatus")
				.setCode("M");
		String body = FHIR.newJsonParser().encodeResourceToString(patient);

		OperationOutcome validation = FHIR.newJsonParser().parseResource(OperationOutcome.class,
				post("Patient/$validate", "application/fhir+json", body).body());
		assertThat(validation.getIssue()).noneMatch(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR);
		assertThat(validation.getIssue()).anySatisfy(issue -> {
			assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.WARNING);
			assertThat(issue.getExpression()).singleElement().asString().startsWith("Patient.maritalStatus");
		});
		assertThat(post("Patient", "application/fhir+json", body).statusCode()).isEqualTo(201);
	}

	private static Address address(String kommunenummer, String kommune) {
		Address address = new Address().setCity(kommune).setPostalCode("0150");
		address.getDistrictElement().setValue(kommune).addExtension(MUNICIPALITY_CODE,
				new Coding("urn:oid:2.16.578.1.12.4.1.1.3402", kommunenummer, null));
		return address;
	}

	private String subsumes(String codeA, String codeB) {
		return parameters(get("CodeSystem/$subsumes?system=" + ICD_10_NO + "&codeA=" + codeA + "&codeB=" + codeB), 200)
				.getParameterValue("outcome").primitiveValue();
	}

	private String display(String system, String code, String version) {
		String query = "CodeSystem/$lookup?system=" + encode(system) + "&code=" + code
				+ (version == null ? "" : "&version=" + version);
		return parameters(get(query), 200).getParameterValue("display").primitiveValue();
	}

	private HttpResponse<String> load(String kind, String url, String version, String fileName, byte[] data) {
		Parameters request = TestTerminology.loadRequest(kind, url, version, fileName, data);
		return post("$load-terminology", "application/fhir+json", FHIR.newJsonParser().encodeResourceToString(request));
	}

	private static Parameters parameters(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return FHIR.newJsonParser().parseResource(Parameters.class, response.body());
	}

	private static ValueSet expansion(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(ValueSet.class, response.body());
	}

	private static Bundle bundle(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
	}

	static void assertOperationOutcome(HttpResponse<String> response, int status, String diagnostics) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains(diagnostics);
	}

	private static List<String> codes(ValueSet expansion) {
		return expansion.getExpansion().getContains().stream().map(ValueSetExpansionContainsComponent::getCode).toList();
	}

	private static String part(ParametersParameterComponent parameter, String name) {
		Map<String, String> parts = parameter.getPart().stream()
				.filter(p -> p.getValue() != null && p.getValue().isPrimitive())
				.collect(Collectors.toMap(ParametersParameterComponent::getName, p -> p.getValue().primitiveValue(),
						(a, b) -> a));
		return parts.get(name);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
