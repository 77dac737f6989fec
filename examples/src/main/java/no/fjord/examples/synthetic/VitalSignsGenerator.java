package no.fjord.examples.synthetic;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * Vital-sign {@link Observation}s for one encounter, shaped after the FHIR R4 vital signs profiles
 * (observation-vitalsigns.html): LOINC code, UCUM unit, category {@code vital-signs}. Values stay
 * near a per-patient baseline so a patient's series looks like one person.
 */
final class VitalSignsGenerator {

	/** Chance that weight (after the first visit) or temperature is measured at a visit. */
	private static final double WEIGHT_MEASURED = 0.4;
	private static final double TEMPERATURE_MEASURED = 0.3;
	private static final double FEVER = 0.2;

	private final SplittableRandom random;
	private final LocalDate birthDate;
	private final int systolic;
	private final int diastolic;
	private final int heartRate;
	/** Adult weight in tenths of a kilogram; children are weighed by age instead. */
	private final int adultWeightTenths;

	VitalSignsGenerator(SplittableRandom random, LocalDate birthDate, boolean male) {
		this.random = random;
		this.birthDate = birthDate;
		this.systolic = 108 + random.nextInt(35);
		this.diastolic = 64 + random.nextInt(20);
		this.heartRate = 58 + random.nextInt(32);
		this.adultWeightTenths = male ? 680 + random.nextInt(420) : 540 + random.nextInt(380);
	}

	/** The observations taken at the {@code visit}-th (0-based) visit, which began at {@code start}. */
	List<Observation> forEncounter(int visit, LocalDateTime start, Reference subject, Reference encounter) {
		int age = Period.between(birthDate, start.toLocalDate()).getYears();
		boolean child = age < 18;
		// a few minutes in; visits last at least 15 minutes, so this lies inside Encounter.period
		LocalDateTime measured = start.plusMinutes(5);
		List<Observation> observations = new ArrayList<>();

		int sys = child ? 96 + random.nextInt(18) : systolic + Math.min(age, 80) / 5 + noise(8);
		int dia = child ? 56 + random.nextInt(14) : Math.min(diastolic + noise(5), sys - 25);
		Observation bloodPressure = observation("85354-9", "Blood pressure panel with all children optional",
				"Blodtrykk", measured, subject, encounter);
		bloodPressure.addComponent()
				.setCode(loinc("8480-6", "Systolic blood pressure", "Systolisk blodtrykk"))
				.setValue(quantity(BigDecimal.valueOf(sys), "mmHg", "mm[Hg]"));
		bloodPressure.addComponent()
				.setCode(loinc("8462-4", "Diastolic blood pressure", "Diastolisk blodtrykk"))
				.setValue(quantity(BigDecimal.valueOf(dia), "mmHg", "mm[Hg]"));
		observations.add(bloodPressure);

		int pulse = child ? 75 + random.nextInt(30) : heartRate + noise(6);
		observations.add(observation("8867-4", "Heart rate", "Puls", measured, subject, encounter)
				.setValue(quantity(BigDecimal.valueOf(pulse), "/min", "/min")));

		Observation saturation = observation("2708-6", "Oxygen saturation in Arterial blood",
				"Oksygenmetning", measured, subject, encounter);
		// 59408-5 names the pulse-oximetry method; the R4 profile also requires 2708-6
		saturation.getCode().addCoding(new Coding(CodeSystems.LOINC, "59408-5",
				"Oxygen saturation in Arterial blood by Pulse oximetry"));
		observations.add(saturation.setValue(quantity(BigDecimal.valueOf(95 + random.nextInt(6)), "%", "%")));

		if (visit == 0 || random.nextDouble() < WEIGHT_MEASURED) {
			int tenths = child ? childWeightTenths(age) : adultWeightTenths + noise(20);
			observations.add(observation("29463-7", "Body weight", "Kroppsvekt", measured, subject, encounter)
					.setValue(quantity(BigDecimal.valueOf(tenths, 1), "kg", "kg")));
		}
		if (random.nextDouble() < TEMPERATURE_MEASURED) {
			int tenths = random.nextDouble() < FEVER ? 378 + random.nextInt(13) : 363 + random.nextInt(12);
			observations.add(observation("8310-5", "Body temperature", "Kroppstemperatur", measured, subject, encounter)
					.setValue(quantity(BigDecimal.valueOf(tenths, 1), "°C", "Cel")));
		}
		return observations;
	}

	/** Rough growth curve: about 2.5 kg a year on top of 8 kg, ±15 %. */
	private int childWeightTenths(int age) {
		int typical = 80 + 25 * age;
		return typical + (int) Math.round(typical * 0.15 * (2 * random.nextDouble() - 1));
	}

	private int noise(int spread) {
		return random.nextInt(-spread, spread + 1);
	}

	private static Observation observation(String code, String display, String text, LocalDateTime effective,
										   Reference subject, Reference encounter) {
		Observation observation = new Observation()
				.setStatus(Observation.ObservationStatus.FINAL)
				.setCode(loinc(code, display, text))
				.setSubject(subject)
				.setEncounter(encounter)
				.setEffective(ClinicalTime.at(effective));
		observation.addCategory()
				.addCoding(new Coding(CodeSystems.OBSERVATION_CATEGORY, "vital-signs", "Vital Signs"));
		return observation;
	}

	private static CodeableConcept loinc(String code, String display, String text) {
		return new CodeableConcept(new Coding(CodeSystems.LOINC, code, display)).setText(text);
	}

	private static Quantity quantity(BigDecimal value, String unit, String ucumCode) {
		return new Quantity().setValue(value).setUnit(unit).setSystem(CodeSystems.UCUM).setCode(ucumCode);
	}
}
