package no.fjord.consent.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import no.fjord.common.fhir.NorwegianIdentifierSystems;
import org.junit.jupiter.api.Test;

class BlockingDecisionTest {

	private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
	private static final String DR_HANSEN = "Practitioner/hansen";
	private static final String DR_BERG = "Practitioner/berg";
	private static final String CARDIOLOGY = "Organization/cardiology";
	private static final String HANSEN_HPR = ActorKeys.identifier(NorwegianIdentifierSystems.HPR_NUMMER, "9144900");

	private static final Facts OBSERVATION = new Facts("Observation", "Observation/1", Set.of(),
			new DateRange(Instant.parse("2025-03-01T10:00:00Z"), Instant.parse("2025-03-01T10:00:00Z")),
			Set.of("Patient/p", "Encounter/e1"));
	private static final Facts ALLERGY = new Facts("AllergyIntolerance", "AllergyIntolerance/1", Set.of(), null,
			Set.of("Patient/p"));

	@Test
	void blockingNamingThePersonKeepsAllTheirData() {
		Blocking blocking = blocking(deny(Set.of(DR_HANSEN)));

		assertThat(decide(blocking, Set.of(DR_HANSEN), OBSERVATION)).isTrue();
		assertThat(decide(blocking, Set.of(DR_BERG), OBSERVATION)).isFalse();
	}

	@Test
	void blockingByIdentifierMatchesCallerKnownByHprNumber() {
		Blocking blocking = blocking(deny(Set.of(HANSEN_HPR)));

		assertThat(decide(blocking, Set.of(DR_HANSEN, HANSEN_HPR), OBSERVATION)).isTrue();
	}

	@Test
	void blockingNamingAnOrganisationKeepsDataFromEveryoneWorkingThere() {
		Blocking blocking = blocking(deny(Set.of(CARDIOLOGY)));

		assertThat(decide(blocking, Set.of(DR_BERG, CARDIOLOGY), OBSERVATION)).isTrue();
		assertThat(decide(blocking, Set.of(DR_BERG, "Organization/gp"), OBSERVATION)).isFalse();
	}

	@Test
	void periodLimitedBlockingAppliesOnlyWithinItsValidity() {
		Provision deny = new Provision(Set.of(DR_HANSEN),
				new DateRange(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-06-30T23:59:59Z")),
				Set.of(), Set.of(), null, List.of(), List.of());

		assertThat(decide(blocking(deny), Set.of(DR_HANSEN), OBSERVATION)).as("expired").isFalse();
		assertThat(BlockingDecision.blockingOf(List.of(blocking(deny)), Set.of(DR_HANSEN), OBSERVATION,
				Instant.parse("2026-03-01T00:00:00Z"))).as("in force").isPresent();
	}

	@Test
	void dataPeriodLimitsWhichDataIsKept() {
		Provision deny = new Provision(Set.of(DR_HANSEN), null, Set.of(), Set.of(),
				new DateRange(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-12-31T23:59:59Z")),
				List.of(), List.of());
		Facts lastYear = OBSERVATION;
		Facts older = new Facts("Observation", "Observation/2", Set.of(),
				new DateRange(Instant.parse("2020-05-01T00:00:00Z"), Instant.parse("2020-05-01T00:00:00Z")), Set.of());

		assertThat(decide(blocking(deny), Set.of(DR_HANSEN), lastYear)).isTrue();
		assertThat(decide(blocking(deny), Set.of(DR_HANSEN), older)).isFalse();
		assertThat(decide(blocking(deny), Set.of(DR_HANSEN), ALLERGY)).as("no clinical date").isFalse();
	}

	@Test
	void resourceTypeAndSecurityLabelLimits() {
		Provision onlyObservations = new Provision(Set.of(DR_HANSEN), null, Set.of("Observation"), Set.of(), null,
				List.of(), List.of());
		Provision onlyLabelled = new Provision(Set.of(DR_HANSEN), null, Set.of(), Set.of("s|R"), null, List.of(),
				List.of());
		Facts labelled = new Facts("Observation", "Observation/3", Set.of("s|R"), null, Set.of());

		assertThat(decide(blocking(onlyObservations), Set.of(DR_HANSEN), OBSERVATION)).isTrue();
		assertThat(decide(blocking(onlyObservations), Set.of(DR_HANSEN), ALLERGY)).isFalse();
		assertThat(decide(blocking(onlyLabelled), Set.of(DR_HANSEN), labelled)).isTrue();
		assertThat(decide(blocking(onlyLabelled), Set.of(DR_HANSEN), OBSERVATION)).isFalse();
	}

	@Test
	void oneEncounterAndWhatBelongsToIt() {
		Provision related = new Provision(Set.of(DR_HANSEN), null, Set.of(), Set.of(), null,
				List.of(new DataReference("Encounter/e1", DataReference.Meaning.RELATED)), List.of());
		Facts encounter = new Facts("Encounter", "Encounter/e1", Set.of(), null, Set.of("Patient/p"));
		Facts otherEncounter = new Facts("Encounter", "Encounter/e2", Set.of(), null, Set.of("Patient/p"));

		assertThat(decide(blocking(related), Set.of(DR_HANSEN), encounter)).isTrue();
		assertThat(decide(blocking(related), Set.of(DR_HANSEN), OBSERVATION)).as("refers to the encounter").isTrue();
		assertThat(decide(blocking(related), Set.of(DR_HANSEN), otherEncounter)).isFalse();
		assertThat(decide(blocking(related), Set.of(DR_HANSEN), ALLERGY)).isFalse();
	}

	@Test
	void dataExceptionWithoutActorsLiftsTheBlockingForThatData() {
		Provision allergiesStayVisible = new Provision(Set.of(), null, Set.of("AllergyIntolerance"), Set.of(), null,
				List.of(), List.of());
		Blocking blocking = blocking(withExceptions(Set.of(DR_HANSEN), allergiesStayVisible));

		assertThat(decide(blocking, Set.of(DR_HANSEN), ALLERGY)).isFalse();
		assertThat(decide(blocking, Set.of(DR_HANSEN), OBSERVATION)).isTrue();
	}

	@Test
	void exceptionNamingAPersonLiftsAnOrganisationBlockingForThemOnly() {
		Provision exceptBerg = new Provision(Set.of(DR_BERG), null, Set.of(), Set.of(), null, List.of(), List.of());
		Blocking blocking = blocking(withExceptions(Set.of(CARDIOLOGY), exceptBerg));

		assertThat(decide(blocking, Set.of(DR_BERG, CARDIOLOGY), OBSERVATION)).isFalse();
		assertThat(decide(blocking, Set.of(DR_HANSEN, CARDIOLOGY), OBSERVATION)).isTrue();
	}

	@Test
	void denyWinsOverPermitForTheSameActor() {
		Provision exceptHansen = new Provision(Set.of(DR_HANSEN), null, Set.of(), Set.of(), null, List.of(),
				List.of());
		Blocking blocking = blocking(withExceptions(Set.of(DR_HANSEN, CARDIOLOGY), exceptHansen));

		assertThat(decide(blocking, Set.of(DR_HANSEN, CARDIOLOGY), OBSERVATION)).isTrue();
	}

	@Test
	void anotherBlockingIsNotLiftedByOnesException() {
		Provision exceptBerg = new Provision(Set.of(DR_BERG), null, Set.of(), Set.of(), null, List.of(), List.of());
		Blocking organisation = blocking(withExceptions(Set.of(CARDIOLOGY), exceptBerg));
		Blocking person = new Blocking("Consent/2", "p", deny(Set.of(DR_BERG)));

		assertThat(BlockingDecision.blockingOf(List.of(organisation, person), Set.of(DR_BERG, CARDIOLOGY),
				OBSERVATION, NOW)).map(Blocking::consentId).contains("Consent/2");
	}

	@Test
	void blockingReachesTheCallerItNamesWhateverItsDataLimits() {
		Provision onlyLabelled = new Provision(Set.of(DR_HANSEN), null, Set.of(), Set.of("s|R"), null, List.of(),
				List.of());
		Provision expired = new Provision(Set.of(DR_HANSEN),
				new DateRange(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-12-31T23:59:59Z")),
				Set.of(), Set.of(), null, List.of(), List.of());

		assertThat(BlockingDecision.reachesCaller(blocking(onlyLabelled), Set.of(DR_HANSEN), NOW)).isTrue();
		assertThat(BlockingDecision.reachesCaller(blocking(onlyLabelled), Set.of(DR_BERG), NOW)).isFalse();
		assertThat(BlockingDecision.reachesCaller(blocking(expired), Set.of(DR_HANSEN), NOW)).isFalse();
	}

	@Test
	void onlyAnExceptionForAllDataStopsABlockingReachingTheCaller() {
		Provision exceptBerg = new Provision(Set.of(DR_BERG), null, Set.of(), Set.of(), null, List.of(), List.of());
		Provision exceptBergsAllergies = new Provision(Set.of(DR_BERG), null, Set.of("AllergyIntolerance"), Set.of(),
				null, List.of(), List.of());
		Provision exceptHansen = new Provision(Set.of(DR_HANSEN), null, Set.of(), Set.of(), null, List.of(), List.of());

		assertThat(BlockingDecision.reachesCaller(blocking(withExceptions(Set.of(CARDIOLOGY), exceptBerg)),
				Set.of(DR_BERG, CARDIOLOGY), NOW)).isFalse();
		assertThat(BlockingDecision.reachesCaller(blocking(withExceptions(Set.of(CARDIOLOGY), exceptBergsAllergies)),
				Set.of(DR_BERG, CARDIOLOGY), NOW)).isTrue();
		assertThat(BlockingDecision.reachesCaller(blocking(withExceptions(Set.of(DR_HANSEN), exceptHansen)),
				Set.of(DR_HANSEN), NOW)).as("deny wins for the same actor").isTrue();
	}

	private static boolean decide(Blocking blocking, Set<String> caller, DataFacts data) {
		return BlockingDecision.blockingOf(List.of(blocking), caller, data, NOW).isPresent();
	}

	private static Blocking blocking(Provision deny) {
		return new Blocking("Consent/1", "p", deny);
	}

	private static Provision deny(Set<String> actors) {
		return new Provision(actors, null, Set.of(), Set.of(), null, List.of(), List.of());
	}

	private static Provision withExceptions(Set<String> actors, Provision... exceptions) {
		return new Provision(actors, null, Set.of(), Set.of(), null, List.of(), List.of(exceptions));
	}

	record Facts(String resourceType, String reference, Set<String> securityLabels, DateRange clinicalDate,
			Set<String> references) implements DataFacts {
	}
}
