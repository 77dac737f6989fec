package no.fjord.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import no.fjord.examples.load.LoaderSettings;

/**
 * The parsed command line of {@link GeneratorCommand}.
 *
 * @param patients    how many patients to generate
 * @param seed        the seed; same seed and count give the same bundles
 * @param out         directory for {@code patient-NNNNN.json} files, if any
 * @param load        FHIR base URL to POST the bundles to, if any
 * @param concurrency bundles in flight when loading
 * @param headers     extra request headers when loading
 * @param help        print usage and stop
 */
record CommandOptions(int patients, long seed, Optional<Path> out, Optional<String> load, int concurrency,
					  List<LoaderSettings.Header> headers, boolean help) {

	static final int DEFAULT_PATIENTS = 10;
	static final long DEFAULT_SEED = 1;
	static final int DEFAULT_CONCURRENCY = 4;

	static final String USAGE = """
			Usage: GeneratorCommand [options]
			  Generates synthetic Norwegian patients as FHIR R4 transaction Bundles (one per patient).

			  --patients N         number of patients (default 10)
			  --seed S             random seed; same seed and N give identical output (default 1)
			  --out DIR            write DIR/patient-00001.json, ... (created if missing)
			  --load BASE_URL      POST each bundle as a transaction to BASE_URL, e.g. http://localhost:8080/fhir
			  --concurrency C      bundles in flight while loading (default 4)
			  --header 'Name: v'   extra request header when loading, repeatable
								   (e.g. --header 'Authorization: Bearer eyJ...')
			  --help               show this text

			  Without --out or --load the bundles are written to stdout, one JSON document per line.
			  Exit status: 0 on success, 1 if any bundle failed to load, 2 on bad options.
			""";

	/** Parses {@code args}; throws {@link IllegalArgumentException} with a user-facing message. */
	static CommandOptions parse(String... args) {
		int patients = DEFAULT_PATIENTS;
		long seed = DEFAULT_SEED;
		Path out = null;
		String load = null;
		int concurrency = DEFAULT_CONCURRENCY;
		List<LoaderSettings.Header> headers = new ArrayList<>();
		boolean help = false;
		for (int i = 0; i < args.length; i++) {
			String option = args[i];
			switch (option) {
				case "--help", "-h" -> help = true;
				case "--patients" -> patients = atLeast(0, option, parseInt(option, value(args, ++i, option)));
				case "--seed" -> seed = parseLong(option, value(args, ++i, option));
				case "--out" -> out = Path.of(value(args, ++i, option));
				case "--load" -> load = value(args, ++i, option);
				case "--concurrency" -> concurrency = atLeast(1, option, parseInt(option, value(args, ++i, option)));
				case "--header" -> headers.add(LoaderSettings.Header.parse(value(args, ++i, option)));
				default -> throw new IllegalArgumentException("unknown option: " + option);
			}
		}
		return new CommandOptions(patients, seed, Optional.ofNullable(out), Optional.ofNullable(load),
				concurrency, headers, help);
	}

	private static String value(String[] args, int index, String option) {
		if (index >= args.length) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return args[index];
	}

	private static int parseInt(String option, String value) {
		try {
			return Integer.parseInt(value);
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException(option + " needs a whole number, got: " + value);
		}
	}

	private static long parseLong(String option, String value) {
		try {
			return Long.parseLong(value);
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException(option + " needs a whole number, got: " + value);
		}
	}

	private static int atLeast(int minimum, String option, int value) {
		if (value < minimum) {
			throw new IllegalArgumentException(option + " must be at least " + minimum + ", got: " + value);
		}
		return value;
	}
}
