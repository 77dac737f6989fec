package no.fjord.examples.synthetic;

import java.util.List;

/**
 * The problems a synthetic patient can have, each coded in both ICD-10 (hospital / specialist
 * use) and ICPC-2 (Norwegian general practice), with the medicines (ATC) that treat it.
 * Displays are the Norwegian titles; ATC displays are the WHO names.
 */
final class ClinicalCatalog {

	private static final List<Problem> PROBLEMS = List.of(
			new Problem(new Code("E11.9", "Diabetes mellitus type 2 uten komplikasjoner"),
					new Code("T90", "Diabetes type 2"), 30, List.of(
					new Medication("A10BA02", "metformin", "Metformin 500 mg tabletter",
							"1 tablett 2 ganger daglig til måltid"),
					new Medication("A10BK01", "dapagliflozin", "Dapagliflozin 10 mg tabletter",
							"1 tablett daglig"))),
			new Problem(new Code("I10", "Essensiell (primær) hypertensjon"),
					new Code("K86", "Hypertensjon ukomplisert"), 30, List.of(
					new Medication("C09AA05", "ramipril", "Ramipril 5 mg tabletter",
							"1 tablett daglig om morgenen"),
					new Medication("C08CA01", "amlodipine", "Amlodipin 5 mg tabletter",
							"1 tablett daglig"))),
			new Problem(new Code("J45.9", "Astma, uspesifisert"),
					new Code("R96", "Astma"), 2, List.of(
					new Medication("R03AC02", "salbutamol", "Salbutamol 0,1 mg/dose inhalasjonsaerosol",
							"1–2 inhalasjoner ved behov, høyst 4 ganger daglig"),
					new Medication("R03BA02", "budesonide", "Budesonid 200 mikrog/dose inhalasjonspulver",
							"1 inhalasjon morgen og kveld"))),
			new Problem(new Code("M54.5", "Lumbago"),
					new Code("L03", "Korsryggsymptomer/-plager"), 18, List.of(
					new Medication("M01AE01", "ibuprofen", "Ibuprofen 400 mg tabletter",
							"1 tablett inntil 3 ganger daglig ved behov, tas sammen med mat"),
					new Medication("N02BE01", "paracetamol", "Paracetamol 500 mg tabletter",
							"2 tabletter inntil 4 ganger daglig ved behov"))),
			new Problem(new Code("F32.9", "Depressiv episode, uspesifisert"),
					new Code("P76", "Depressiv lidelse"), 18, List.of(
					new Medication("N06AB10", "escitalopram", "Escitalopram 10 mg tabletter",
							"1 tablett daglig"),
					new Medication("N06AB06", "sertraline", "Sertralin 50 mg tabletter",
							"1 tablett daglig om morgenen"))),
			new Problem(new Code("E78.0", "Ren hyperkolesterolemi"),
					new Code("T93", "Lipidforstyrrelse"), 35, List.of(
					new Medication("C10AA01", "simvastatin", "Simvastatin 20 mg tabletter",
							"1 tablett daglig om kvelden"),
					new Medication("C10AA05", "atorvastatin", "Atorvastatin 20 mg tabletter",
							"1 tablett daglig"))),
			new Problem(new Code("J44.9", "Kronisk obstruktiv lungesykdom, uspesifisert"),
					new Code("R95", "Kronisk obstruktiv lungesykdom"), 45, List.of(
					new Medication("R03BB04", "tiotropium bromide", "Tiotropium 18 mikrog inhalasjonspulver",
							"1 inhalasjon daglig"))),
			new Problem(new Code("K21.9", "Gastroøsofageal reflukssykdom uten øsofagitt"),
					new Code("D84", "Øsofagussykdom"), 18, List.of(
					new Medication("A02BC01", "omeprazole", "Omeprazol 20 mg enterokapsler",
							"1 kapsel daglig før frokost"),
					new Medication("A02BC02", "pantoprazole", "Pantoprazol 40 mg enterotabletter",
							"1 tablett daglig før frokost"))),
			new Problem(new Code("E03.9", "Hypotyreose, uspesifisert"),
					new Code("T86", "Hypotyreose/myksødem"), 18, List.of(
					new Medication("H03AA01", "levothyroxine sodium", "Levotyroksin 50 mikrog tabletter",
							"1 tablett daglig om morgenen på tom mage"))),
			new Problem(new Code("G43.9", "Migrene, uspesifisert"),
					new Code("N89", "Migrene"), 10, List.of(
					new Medication("N02CC01", "sumatriptan", "Sumatriptan 50 mg tabletter",
							"1 tablett ved migreneanfall, høyst 2 tabletter per døgn"))),
			new Problem(new Code("M17.9", "Gonartrose, uspesifisert"),
					new Code("L90", "Kneartrose"), 45, List.of(
					new Medication("N02BE01", "paracetamol", "Paracetamol 500 mg tabletter",
							"2 tabletter inntil 4 ganger daglig ved behov"))),
			new Problem(new Code("L20.9", "Atopisk eksem, uspesifisert"),
					new Code("S87", "Atopisk eksem"), 0, List.of(
					new Medication("D07AA02", "hydrocortisone", "Hydrokortison 1 % krem",
							"Smøres tynt på eksemområdene 1–2 ganger daglig i inntil 2 uker"))),
			new Problem(new Code("J30.4", "Allergisk rinitt, uspesifisert"),
					new Code("R97", "Allergisk rinitt"), 4, List.of(
					new Medication("R06AE07", "cetirizine", "Cetirizin 10 mg tabletter",
							"1 tablett daglig i pollensesongen"))));

	private ClinicalCatalog() {
	}

	/** Problems a patient of this age (in whole years) can plausibly have; never fewer than three. */
	static List<Problem> problemsForAge(int ageInYears) {
		return PROBLEMS.stream().filter(problem -> problem.minimumAge() <= ageInYears).toList();
	}

	static List<Problem> all() {
		return PROBLEMS;
	}

	/** A code and its display text, the system given by where it is used. */
	record Code(String code, String display) {
	}

	/** A medicine: ATC code and WHO name, the product as a Norwegian prescriber writes it, and the dosage text. */
	record Medication(String atcCode, String atcDisplay, String productText, String dosageText) {
	}

	/** A clinical problem in both classifications, the youngest age it is generated for, and its treatments. */
	record Problem(Code icd10, Code icpc2, int minimumAge, List<Medication> medications) {
	}
}
