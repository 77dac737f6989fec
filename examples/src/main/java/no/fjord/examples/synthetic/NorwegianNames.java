package no.fjord.examples.synthetic;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Common Norwegian given and family names, chosen to exercise æ, ø and å in storage, search and
 * sorting.
 */
final class NorwegianNames {

	private static final List<String> MALE = List.of(
			"Ola", "Per", "Jan", "Bjørn", "Lars", "Knut", "Arne", "Håkon", "Øyvind", "Ørjan",
			"Trygve", "Magnus", "Jørgen", "Even", "Eirik", "Sindre", "Ådne", "Aksel", "Steinar", "Geir",
			"Kåre", "Nils", "Halvor", "Ståle", "Tor", "Sverre", "Mathias", "Emil", "Jonas", "Søren");

	private static final List<String> FEMALE = List.of(
			"Kari", "Ingrid", "Anne", "Solveig", "Åse", "Bjørg", "Sigrid", "Ragnhild", "Marit", "Liv",
			"Tone", "Ingvild", "Nora", "Emma", "Maja", "Thea", "Sunniva", "Hege", "Gøril", "Åshild",
			"Randi", "Synnøve", "Kjersti", "Mette", "Frøydis", "Astrid", "Guro", "Tiril", "Silje", "Kristin");

	private static final List<String> FAMILY = List.of(
			"Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
			"Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Dahl",
			"Jørgensen", "Halvorsen", "Sørensen", "Strøm", "Bakken", "Sæther", "Solberg", "Moen",
			"Ødegård", "Aasen", "Bråten", "Løken", "Kvåle", "Sætre", "Øverland", "Fjære", "Åsheim",
			"Rønning", "Grønvold", "Nygård", "Lien", "Myhre", "Søreide");

	/** Chance of a second given name ("Kari Anne", "Per Øyvind"). */
	private static final double SECOND_GIVEN_NAME = 0.2;

	private NorwegianNames() {
	}

	static PersonName pick(boolean male, SplittableRandom random) {
		List<String> given = male ? MALE : FEMALE;
		String first = given.get(random.nextInt(given.size()));
		String family = FAMILY.get(random.nextInt(FAMILY.size()));
		if (random.nextDouble() < SECOND_GIVEN_NAME) {
			String second = given.get(random.nextInt(given.size()));
			if (!second.equals(first)) {
				return new PersonName(List.of(first, second), family);
			}
		}
		return new PersonName(List.of(first), family);
	}

	/** Given names in order, and the family name. */
	record PersonName(List<String> given, String family) {

		/** The name as written in Norway: given names, then family name. */
		String text() {
			return String.join(" ", given) + " " + family;
		}
	}
}
