package no.fjord.terminology.cli;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import no.fjord.terminology.load.LoadRequest;
import no.fjord.terminology.load.LoadResult;
import no.fjord.terminology.load.TerminologyFile;
import no.fjord.terminology.load.TerminologyFileException;
import no.fjord.terminology.load.TerminologyKind;
import no.fjord.terminology.load.TerminologyLoader;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar fjord-server-exec.jar load-terminology --kind icd-10-no --version 2026 --file icd10.csv}:
 * loads a terminology distribution into the configured database without starting the web server, printing
 * progress as it goes. Other {@code --name=value} arguments configure the application as usual (for example
 * {@code --spring.datasource.url=...}). With the embedded database, stop the server first: the database's
 * data directory can be used by one process at a time.
 */
public final class LoadTerminologyCommand {

	public static final String NAME = "load-terminology";
	static final int OK = 0;
	static final int REFUSED = 2;
	static final int USAGE = 64;

	private static final String HELP = """
			Usage: load-terminology --kind KIND [--url URL] [--version VERSION] --file PATH [--file PATH...]
			                        [--spring.datasource.url=... and other settings]
			  KIND: %s
			  --url      canonical URL of the code system (kind finnkode only)
			  --version  version to store (FinnKode files and the map; LOINC and SNOMED CT carry their own)
			""".formatted(TerminologyKind.codes());

	private LoadTerminologyCommand() {}

	/** @return the process exit code */
	public static int run(Class<?> application, String[] args, PrintStream out) {
		Arguments arguments;
		try {
			arguments = Arguments.parse(args);
		} catch (IllegalArgumentException e) {
			out.println(e.getMessage());
			out.print(HELP);
			return USAGE;
		}
		try {
			TerminologyLoader.check(arguments.request());
		} catch (TerminologyFileException e) {
			out.println("Refused, nothing was stored: " + e.getMessage());
			return REFUSED;
		} catch (InvalidRequestException e) {
			out.println(e.getMessage());
			return USAGE;
		}
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
				.web(WebApplicationType.NONE)
				.run(arguments.settings().toArray(String[]::new))) {
			TerminologyLoader loader = context.getBean(TerminologyLoader.class);
			LoadResult result = loader.load(arguments.request(),
					(step, count) -> out.printf(Locale.ROOT, "%s: %d%n", step, count));
			loader.storeQueuedCodes();
			out.printf(Locale.ROOT, "Loaded %s|%s: %d codes as %s%n", result.url(), result.version(), result.count(),
					result.resource());
			return OK;
		} catch (TerminologyFileException e) {
			out.println("Refused, nothing was stored: " + e.getMessage());
			return REFUSED;
		} catch (BaseServerResponseException e) {
			out.println("Refused: " + e.getMessage());
			return REFUSED;
		}
	}

	record Arguments(LoadRequest request, List<String> settings) {

		static Arguments parse(String[] args) {
			TerminologyKind kind = null;
			String url = null;
			String version = null;
			List<TerminologyFile> files = new ArrayList<>();
			List<String> settings = new ArrayList<>();
			for (int i = 0; i < args.length; i++) {
				String arg = args[i];
				switch (arg) {
					case "--kind" -> kind = kind(value(args, ++i, arg));
					case "--url" -> url = value(args, ++i, arg);
					case "--version" -> version = value(args, ++i, arg);
					case "--file" -> files.add(file(value(args, ++i, arg)));
					default -> {
						if (!arg.startsWith("--") || !arg.contains("=")) {
							throw new IllegalArgumentException("Unexpected argument " + arg);
						}
						settings.add(arg);
					}
				}
			}
			if (kind == null || files.isEmpty()) {
				throw new IllegalArgumentException("--kind and --file are required");
			}
			return new Arguments(new LoadRequest(kind, url, version, files), settings);
		}

		private static TerminologyKind kind(String code) {
			return TerminologyKind.fromCode(code)
					.orElseThrow(() -> new IllegalArgumentException("Unknown kind " + code));
		}

		private static String value(String[] args, int index, String option) {
			if (index >= args.length) {
				throw new IllegalArgumentException(option + " needs a value");
			}
			return args[index];
		}

		private static TerminologyFile file(String path) {
			Path file = Path.of(path);
			if (!Files.isReadable(file)) {
				throw new IllegalArgumentException("Cannot read " + path);
			}
			return TerminologyFile.of(file);
		}
	}
}
