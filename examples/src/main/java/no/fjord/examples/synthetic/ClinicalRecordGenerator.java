package no.fjord.examples.synthetic;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;

/**
 * Adds one patient's clinical record to a transaction: three finished outpatient encounters in
 * 2020–2025 with vital signs, one to three confirmed conditions (ICD-10 or ICPC-2), and one
 * active prescription (ATC) per condition.
 */
final class ClinicalRecordGenerator {

	static final int ENCOUNTERS = 3;
	static final int MAX_CONDITIONS = 3;
	/** Encounters fall in [FIRST_DAY, REFERENCE_DATE), i.e. 2020-01-01 to 2025-12-31. */
	private static final LocalDate FIRST_DAY = LocalDate.of(2020, 1, 1);
	private static final long ENCOUNTER_DAYS = ChronoUnit.DAYS.between(FIRST_DAY, SyntheticDataSet.REFERENCE_DATE);
	/** Outpatient slots: 08:00 to 15:30 in quarter hours. */
	private static final int QUARTER_HOUR_SLOTS = 31;
	private static final double ICPC_2 = 0.5;
	private static final int MAX_ONSET_DAYS_BEFORE_DIAGNOSIS = 730;

	private final SplittableRandom random;
	private final ResourceIds ids;
	private final TransactionBundleBuilder bundle;

	ClinicalRecordGenerator(SplittableRandom random, ResourceIds ids, TransactionBundleBuilder bundle) {
		this.random = random;
		this.ids = ids;
		this.bundle = bundle;
	}

	void generate(Reference subject, LocalDate birthDate, boolean male) {
		List<LocalDateTime> starts = encounterStarts();
		List<Reference> encounters = new ArrayList<>();
		VitalSignsGenerator vitals = new VitalSignsGenerator(random, birthDate, male);
		int observationNumber = 0;
		for (int visit = 0; visit < ENCOUNTERS; visit++) {
			LocalDateTime start = starts.get(visit);
			LocalDateTime end = start.plusMinutes(15 + 5L * random.nextInt(10));
			String encounterUrl = ids.fullUrl("Encounter", visit);
			bundle.post(encounterUrl, encounter(subject, start, end));
			Reference encounter = new Reference(encounterUrl);
			encounters.add(encounter);
			for (var observation : vitals.forEncounter(visit, start, subject, encounter)) {
				bundle.post(ids.fullUrl("Observation", observationNumber++), observation);
			}
		}

		int age = Period.between(birthDate, starts.get(0).toLocalDate()).getYears();
		List<ClinicalCatalog.Problem> problems = pickProblems(ClinicalCatalog.problemsForAge(age));
		for (int n = 0; n < problems.size(); n++) {
			int visit = random.nextInt(ENCOUNTERS);
			LocalDateTime diagnosed = starts.get(visit);
			String conditionUrl = ids.fullUrl("Condition", n);
			bundle.post(conditionUrl, condition(problems.get(n), subject, encounters.get(visit), diagnosed, birthDate));
			bundle.post(ids.fullUrl("MedicationRequest", n), prescription(problems.get(n), subject,
					encounters.get(visit), diagnosed, new Reference(conditionUrl)));
		}
	}

	/** Three distinct, sorted visit times. */
	private List<LocalDateTime> encounterStarts() {
		List<LocalDateTime> starts = new ArrayList<>();
		while (starts.size() < ENCOUNTERS) {
			LocalDate day = FIRST_DAY.plusDays(random.nextLong(ENCOUNTER_DAYS));
			LocalDateTime start = day.atTime(LocalTime.of(8, 0)).plusMinutes(15L * random.nextInt(QUARTER_HOUR_SLOTS));
			if (!starts.contains(start)) {
				starts.add(start);
			}
		}
		starts.sort(null);
		return starts;
	}

	/** One to three different problems, by a partial Fisher–Yates shuffle of the eligible list. */
	private List<ClinicalCatalog.Problem> pickProblems(List<ClinicalCatalog.Problem> eligible) {
		List<ClinicalCatalog.Problem> pool = new ArrayList<>(eligible);
		int count = 1 + random.nextInt(Math.min(MAX_CONDITIONS, pool.size()));
		for (int i = 0; i < count; i++) {
			int j = i + random.nextInt(pool.size() - i);
			pool.set(j, pool.set(i, pool.get(j)));
		}
		return List.copyOf(pool.subList(0, count));
	}

	private static Encounter encounter(Reference subject, LocalDateTime start, LocalDateTime end) {
		Encounter encounter = new Encounter()
				.setStatus(Encounter.EncounterStatus.FINISHED)
				.setClass_(new Coding(CodeSystems.ACT_CODE, "AMB", "ambulatory"))
				.setSubject(subject);
		encounter.getPeriod().setStartElement(ClinicalTime.at(start)).setEndElement(ClinicalTime.at(end));
		return encounter;
	}

	private Condition condition(ClinicalCatalog.Problem problem, Reference subject, Reference encounter,
								LocalDateTime diagnosed, LocalDate birthDate) {
		boolean primaryCare = random.nextDouble() < ICPC_2;
		ClinicalCatalog.Code code = primaryCare ? problem.icpc2() : problem.icd10();
		LocalDate onset = diagnosed.toLocalDate().minusDays(random.nextInt(MAX_ONSET_DAYS_BEFORE_DIAGNOSIS + 1));
		if (onset.isBefore(birthDate)) {
			onset = birthDate;
		}
		Condition condition = new Condition()
				.setClinicalStatus(new CodeableConcept(new Coding(CodeSystems.CONDITION_CLINICAL, "active", "Active")))
				.setVerificationStatus(new CodeableConcept(
						new Coding(CodeSystems.CONDITION_VERIFICATION, "confirmed", "Confirmed")))
				.setCode(new CodeableConcept(new Coding(primaryCare ? CodeSystems.ICPC_2 : CodeSystems.ICD_10,
						code.code(), code.display())).setText(code.display()))
				.setSubject(subject)
				.setEncounter(encounter)
				.setOnset(new DateTimeType(onset.toString()))
				.setRecordedDateElement(ClinicalTime.at(diagnosed));
		condition.addCategory(new CodeableConcept(
				new Coding(CodeSystems.CONDITION_CATEGORY, "encounter-diagnosis", "Encounter Diagnosis")));
		return condition;
	}

	private MedicationRequest prescription(ClinicalCatalog.Problem problem, Reference subject, Reference encounter,
										   LocalDateTime authored, Reference reason) {
		List<ClinicalCatalog.Medication> options = problem.medications();
		ClinicalCatalog.Medication medication = options.get(random.nextInt(options.size()));
		MedicationRequest request = new MedicationRequest()
				.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
				.setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
				.setMedication(new CodeableConcept(new Coding(CodeSystems.ATC, medication.atcCode(),
						medication.atcDisplay())).setText(medication.productText()))
				.setSubject(subject)
				.setEncounter(encounter)
				.setAuthoredOnElement(ClinicalTime.at(authored));
		request.addReasonReference(reason);
		request.addDosageInstruction().setText(medication.dosageText());
		return request;
	}
}
