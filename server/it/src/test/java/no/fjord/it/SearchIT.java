package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Search: parameters, chaining, reverse chaining, includes, sorting, paging, summaries and full text. */
class SearchIT extends FjordServerIT {

	private String family;
	private String fnr;
	private IIdType patientId;

	@BeforeEach
	void onePatientWithThreeHeartRatesAndAnEncounter() {
		family = TestResources.unique();
		Patient patient = TestResources.patient(family);
		fnr = TestResources.fodselsnummer();
		patient.addIdentifier().setSystem(TestResources.FNR_SYSTEM).setValue(fnr);
		patient.getText().setStatus(org.hl7.fhir.r4.model.Narrative.NarrativeStatus.GENERATED);
		patient.getText().setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">Pasient med hjertesvikt " + family + "</div>");
		patientId = client.create().resource(patient).execute().getId().toUnqualifiedVersionless();
		for (int i = 0; i < 3; i++) {
			client.create().resource(TestResources.heartRate(patientId.getValue(), 60 + i, "2024-0" + (i + 1) + "-15T10:00:00Z")).execute();
		}
		Encounter encounter = new Encounter();
		encounter.setStatus(Encounter.EncounterStatus.FINISHED);
		encounter.getClass_().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("AMB");
		encounter.setSubject(new Reference(patientId));
		client.create().resource(encounter).execute();
	}

	@Test
	void searchByTokenWithARawPipeInTheQueryString() {
		String response = rawGet("Patient?identifier=" + TestResources.FNR_SYSTEM + "|" + fnr);
		assertThat(response).startsWith("HTTP/1.1 200");
		assertThat(response).contains("\"total\":1").contains(patientId.getIdPart());
	}

	@Test
	void chainedSearchFindsEncountersByThePatientsIdentifier() {
		Bundle bundle = client.search().byUrl("Encounter?subject.identifier=" + TestResources.FNR_SYSTEM + "|" + fnr)
				.returnBundle(Bundle.class).execute();
		assertThat(bundle.getEntry()).hasSize(1);
	}

	@Test
	void reverseChainingFindsPatientsWithAMatchingObservation() {
		Bundle bundle = client.search().byUrl("Patient?family=" + family + "&_has:Observation:subject:code="
				+ TestResources.LOINC + "|8867-4").returnBundle(Bundle.class).execute();
		assertThat(bundle.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
				.containsExactly(patientId.getIdPart());
		Bundle none = client.search().byUrl("Patient?family=" + family + "&_has:Observation:subject:code="
				+ TestResources.LOINC + "|0000-0").returnBundle(Bundle.class).execute();
		assertThat(none.getEntry()).isEmpty();
	}

	@Test
	void includeAndRevincludeAddTheLinkedResources() {
		Bundle included = client.search().byUrl("Observation?subject=" + patientId.getValue() + "&_include=Observation:subject")
				.returnBundle(Bundle.class).execute();
		assertThat(included.getEntry()).filteredOn(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE)
				.extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(patientId.getIdPart());

		Bundle revincluded = client.search().byUrl("Patient?_id=" + patientId.getIdPart() + "&_revinclude=Observation:subject")
				.returnBundle(Bundle.class).execute();
		assertThat(revincluded.getEntry()).filteredOn(e -> e.getResource() instanceof Observation).hasSize(3);
	}

	@Test
	void sortOrdersByDateDescending() {
		Bundle bundle = client.search().byUrl("Observation?subject=" + patientId.getValue() + "&_sort=-date")
				.returnBundle(Bundle.class).execute();
		List<String> dates = bundle.getEntry().stream()
				.map(e -> ((Observation) e.getResource()).getEffectiveDateTimeType().getValueAsString()).toList();
		assertThat(dates).hasSize(3).isSortedAccordingTo(java.util.Comparator.reverseOrder());
	}

	@Test
	void pagingLinksLeadThroughAllResults() {
		Bundle page = client.search().byUrl("Observation?subject=" + patientId.getValue() + "&_count=2")
				.returnBundle(Bundle.class).execute();
		assertThat(page.getEntry()).hasSize(2);
		assertThat(page.getLink(Bundle.LINK_NEXT)).isNotNull();
		Bundle next = client.loadPage().next(page).execute();
		assertThat(next.getEntry()).hasSize(1);
		assertThat(next.getLink(Bundle.LINK_NEXT)).isNull();
	}

	@Test
	void summaryCountAndTotalReportHowManyMatch() {
		Bundle count = client.search().byUrl("Observation?subject=" + patientId.getValue() + "&_summary=count")
				.returnBundle(Bundle.class).execute();
		assertThat(count.getTotal()).isEqualTo(3);
		assertThat(count.getEntry()).isEmpty();

		Bundle total = client.search().byUrl("Observation?subject=" + patientId.getValue() + "&_total=accurate&_count=1")
				.returnBundle(Bundle.class).execute();
		assertThat(total.getTotal()).isEqualTo(3);
		assertThat(total.getEntry()).hasSize(1);
	}

	@Test
	void elementsLimitsTheReturnedFields() {
		HttpResponse<String> response = get("Patient?_id=" + patientId.getIdPart() + "&_elements=identifier");
		assertThat(response.body()).contains(family).doesNotContain("birthDate").contains("SUBSETTED");
	}

	@Test
	void postSearchTakesParametersInAForm() {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base() + "/Patient/_search"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("family=" + URLEncoder.encode(family, StandardCharsets.UTF_8))));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(parse(response).getEntry()).hasSize(1);
	}

	@Test
	void fullTextSearchFindsNarrativeAndContent() {
		Bundle text = client.search().byUrl("Patient?_text=hjertesvikt&family=" + family).returnBundle(Bundle.class).execute();
		assertThat(text.getEntry()).hasSize(1);
		Bundle content = client.search().byUrl("Patient?_content=" + family).returnBundle(Bundle.class).execute();
		assertThat(content.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
				.containsExactly(patientId.getIdPart());
		Bundle nothing = client.search().byUrl("Patient?_text=lungebetennelse&family=" + family).returnBundle(Bundle.class).execute();
		assertThat(nothing.getEntry()).isEmpty();
	}

	@Test
	void fullTextCountsHonourTheOtherParameters() {
		String word = TestResources.unique();
		for (String gender : List.of("female", "male")) {
			Patient patient = TestResources.patient(TestResources.unique());
			patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.fromCode(gender));
			patient.getNameFirstRep().addGiven(word); // _content: the resource's text; _text: its narrative
			patient.getText().setStatus(org.hl7.fhir.r4.model.Narrative.NarrativeStatus.GENERATED);
			patient.getText().setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">Oppfølging " + word + "</div>");
			client.create().resource(patient).execute();
		}

		Bundle page = client.search().byUrl("Patient?_content=" + word + "&gender=male").returnBundle(Bundle.class).execute();
		Bundle count = client.search().byUrl("Patient?_content=" + word + "&gender=male&_summary=count")
				.returnBundle(Bundle.class).execute();
		Bundle total = client.search().byUrl("Patient?_text=" + word + "&gender=male&_total=accurate")
				.returnBundle(Bundle.class).execute();
		Bundle indexOnly = client.search().byUrl("Patient?_content=" + word + "&_summary=count").returnBundle(Bundle.class).execute();

		assertThat(page.getEntry()).hasSize(1);
		assertThat(count.getTotal()).as("_summary=count equals the result size").isEqualTo(1);
		assertThat(total.getTotal()).as("_total=accurate equals the result size").isEqualTo(1);
		assertThat(total.getEntry()).hasSize(1);
		assertThat(indexOnly.getTotal()).isEqualTo(2);
	}

	private static Bundle parse(HttpResponse<String> response) {
		return (Bundle) FHIR.newJsonParser().parseResource(response.body());
	}
}
