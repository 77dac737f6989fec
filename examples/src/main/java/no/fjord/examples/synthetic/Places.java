package no.fjord.examples.synthetic;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Real Norwegian towns with a real postal code and the municipality's kommunenummer as of the
 * 2024 county split (SSB). Street names are common ones and not checked against the town.
 */
final class Places {

	private static final List<Place> PLACES = List.of(
			new Place("Oslo", "0150", "0301", "Oslo"),
			new Place("Oslo", "0562", "0301", "Oslo"),
			new Place("Bergen", "5003", "4601", "Bergen"),
			new Place("Trondheim", "7010", "5001", "Trondheim"),
			new Place("Stavanger", "4006", "1103", "Stavanger"),
			new Place("Sandnes", "4306", "1108", "Sandnes"),
			new Place("Haugesund", "5525", "1106", "Haugesund"),
			new Place("Tromsø", "9008", "5501", "Tromsø"),
			new Place("Harstad", "9405", "5503", "Harstad"),
			new Place("Alta", "9510", "5601", "Alta"),
			new Place("Hammerfest", "9600", "5603", "Hammerfest"),
			new Place("Kristiansand S", "4611", "4204", "Kristiansand"),
			new Place("Arendal", "4836", "4203", "Arendal"),
			new Place("Bodø", "8006", "1804", "Bodø"),
			new Place("Narvik", "8514", "1806", "Narvik"),
			new Place("Mo i Rana", "8622", "1833", "Rana"),
			new Place("Drammen", "3015", "3301", "Drammen"),
			new Place("Kongsberg", "3611", "3303", "Kongsberg"),
			new Place("Fredrikstad", "1606", "3107", "Fredrikstad"),
			new Place("Sandvika", "1337", "3201", "Bærum"),
			new Place("Lillestrøm", "2000", "3205", "Lillestrøm"),
			new Place("Tønsberg", "3111", "3905", "Tønsberg"),
			new Place("Larvik", "3256", "3909", "Larvik"),
			new Place("Porsgrunn", "3915", "4001", "Porsgrunn"),
			new Place("Hamar", "2317", "3403", "Hamar"),
			new Place("Gjøvik", "2815", "3407", "Gjøvik"),
			new Place("Ålesund", "6002", "1508", "Ålesund"),
			new Place("Molde", "6413", "1506", "Molde"),
			new Place("Førde", "6800", "4647", "Sunnfjord"),
			new Place("Steinkjer", "7713", "5006", "Steinkjer"));

	private static final List<String> STREETS = List.of(
			"Storgata", "Kirkegata", "Skolegata", "Kongens gate", "Dronningens gate", "Parkveien",
			"Fjordveien", "Bjørkeveien", "Granveien", "Lønneveien", "Furuveien", "Solbakken",
			"Åsveien", "Møllevegen", "Sjøgata", "Strandgata", "Hagegata", "Bakkegata",
			"Fjellveien", "Tollbodgata", "Nedre Ås vei", "Øvre Slottsgate", "Kjærlighetsstien",
			"Rådhusgata");

	private Places() {
	}

	static Place pick(SplittableRandom random) {
		return PLACES.get(random.nextInt(PLACES.size()));
	}

	/** A street address such as "Bjørkeveien 17" or "Storgata 4B". */
	static String streetLine(SplittableRandom random) {
		String street = STREETS.get(random.nextInt(STREETS.size()));
		int number = 1 + random.nextInt(120);
		String letter = random.nextInt(6) == 0 ? String.valueOf((char) ('A' + random.nextInt(4))) : "";
		return street + " " + number + letter;
	}

	/** Every place in the table, for tests. */
	static List<Place> all() {
		return PLACES;
	}

	/**
	 * A postal town (poststed) with postal code, and the municipality it lies in: the postal town
	 * and the municipality name differ for e.g. Sandvika (Bærum) and Førde (Sunnfjord).
	 */
	record Place(String city, String postalCode, String municipalityCode, String municipalityName) {
	}
}
