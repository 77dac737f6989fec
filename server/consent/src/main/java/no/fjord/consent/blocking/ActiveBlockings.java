package no.fjord.consent.blocking;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Every blocking in force, in memory and by patient, so deciding costs no database round trip. Few
 * patients block anyone, so all of them fit; the set of everyone named in any blocking lets a caller
 * nobody has blocked skip consent work altogether.
 */
public final class ActiveBlockings {

	private final Supplier<List<Blocking>> loadAll;
	private final Function<String, List<Blocking>> loadPatient;
	private volatile Map<String, List<Blocking>> byPatient;
	private volatile Set<String> namedActors = Set.of();

	/**
	 * @param loadAll reads every blocking in force
	 * @param loadPatient reads the blockings in force of one patient
	 */
	public ActiveBlockings(Supplier<List<Blocking>> loadAll, Function<String, List<Blocking>> loadPatient) {
		this.loadAll = loadAll;
		this.loadPatient = loadPatient;
	}

	/** Reads everything again; used at start and when another server may have changed blockings. */
	public synchronized void reloadAll() {
		Map<String, List<Blocking>> fresh = new ConcurrentHashMap<>();
		for (Blocking blocking : loadAll.get()) {
			fresh.computeIfAbsent(blocking.patientId(), id -> new ArrayList<>()).add(blocking);
		}
		fresh.replaceAll((patient, blockings) -> List.copyOf(blockings));
		byPatient = fresh;
		namedActors = collectNamedActors(fresh);
	}

	/** Reads one patient's blockings again, after a Consent of theirs was written here. */
	public synchronized void reloadPatient(String patientId) {
		Map<String, List<Blocking>> current = blockingsByPatient();
		List<Blocking> blockings = List.copyOf(loadPatient.apply(patientId));
		if (blockings.isEmpty()) {
			current.remove(patientId);
		} else {
			current.put(patientId, blockings);
		}
		namedActors = collectNamedActors(current);
	}

	public List<Blocking> of(String patientId) {
		return blockingsByPatient().getOrDefault(patientId, List.of());
	}

	/** The bare ids of the patients with a blocking in force that passes this test. */
	public Set<String> patientsWith(Predicate<Blocking> test) {
		Set<String> patients = new HashSet<>();
		blockingsByPatient().forEach((patient, blockings) -> {
			if (blockings.stream().anyMatch(test)) {
				patients.add(patient);
			}
		});
		return patients;
	}

	/** Whether any blocking in force names any of these keys. */
	public boolean namesAnyOf(Set<String> keys) {
		blockingsByPatient();
		Set<String> named = namedActors;
		if (named.isEmpty()) {
			return false;
		}
		for (String key : keys) {
			if (named.contains(key)) {
				return true;
			}
		}
		return false;
	}

	public boolean isEmpty() {
		return blockingsByPatient().isEmpty();
	}

	private Map<String, List<Blocking>> blockingsByPatient() {
		Map<String, List<Blocking>> current = byPatient;
		if (current == null) {
			reloadAll();
			current = byPatient;
		}
		return current;
	}

	private static Set<String> collectNamedActors(Map<String, List<Blocking>> byPatient) {
		Set<String> named = new HashSet<>();
		byPatient.values().forEach(blockings -> blockings.forEach(blocking -> named.addAll(blocking.deny().actors())));
		return Set.copyOf(named);
	}
}
