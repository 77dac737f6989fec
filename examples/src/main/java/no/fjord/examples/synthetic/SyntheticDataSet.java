package no.fjord.examples.synthetic;

import java.time.LocalDate;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Reference;

/**
 * A reproducible set of synthetic Norwegian patients, one FHIR {@code transaction} Bundle each.
 *
 * <p>Everything is drawn from one {@link SplittableRandom} seeded with {@code seed}; each patient
 * gets its own split-off generator, in order. There is no clock, no hash-order iteration and no
 * default-locale formatting, so the same seed and count give byte-identical JSON on every machine,
 * and the first {@code n} patients of a larger set equal a set of {@code n}.
 */
public final class SyntheticDataSet implements Iterable<Bundle> {

	/** The fixed "now" of the data: every encounter lies before this day. */
	public static final LocalDate REFERENCE_DATE = LocalDate.of(2026, 1, 1);

	private final long seed;
	private final int patients;

	public SyntheticDataSet(long seed, int patients) {
		if (patients < 0) {
			throw new IllegalArgumentException("patients must not be negative: " + patients);
		}
		this.seed = seed;
		this.patients = patients;
	}

	public int size() {
		return patients;
	}

	/** Bundles in patient order (patient 1 first); each call starts again from the seed. */
	@Override
	public Iterator<Bundle> iterator() {
		return new Iterator<>() {
			private final SplittableRandom master = new SplittableRandom(seed);
			private final PatientGenerator patientGenerator = new PatientGenerator();
			private int generated;

			@Override
			public boolean hasNext() {
				return generated < patients;
			}

			@Override
			public Bundle next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				generated++;
				return patientBundle(generated, master.split(), patientGenerator);
			}
		};
	}

	public Stream<Bundle> stream() {
		return StreamSupport.stream(spliterator(), false);
	}

	private Bundle patientBundle(int number, SplittableRandom random, PatientGenerator patientGenerator) {
		ResourceIds ids = new ResourceIds(seed, number);
		TransactionBundleBuilder bundle = new TransactionBundleBuilder();
		PatientGenerator.GeneratedPatient generated = patientGenerator.generate(random);
		String patientUrl = ids.fullUrl("Patient", 0);
		bundle.post(patientUrl, generated.patient());
		boolean male = generated.patient().getGender() == AdministrativeGender.MALE;
		new ClinicalRecordGenerator(random, ids, bundle)
				.generate(new Reference(patientUrl), generated.birthDate(), male);
		return bundle.build();
	}
}
