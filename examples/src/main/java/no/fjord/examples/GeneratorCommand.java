package no.fjord.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Iterator;
import java.util.Locale;

import org.hl7.fhir.r4.model.Bundle;

import no.fjord.examples.load.LoadReport;
import no.fjord.examples.load.LoaderSettings;
import no.fjord.examples.load.ServerLoader;
import no.fjord.examples.synthetic.BundleWriter;
import no.fjord.examples.synthetic.SerializedBundle;
import no.fjord.examples.synthetic.SyntheticDataSet;

/**
 * Command line for the synthetic data generator: writes the bundles to files or stdout and/or
 * loads them into a FHIR server. Run {@code --help} for the options.
 */
public final class GeneratorCommand {

	static final int OK = 0;
	static final int LOAD_FAILED = 1;
	static final int USAGE_ERROR = 2;

	private final PrintStream stdout;
	private final PrintStream stderr;

	GeneratorCommand(PrintStream stdout, PrintStream stderr) {
		this.stdout = stdout;
		this.stderr = stderr;
	}

	public static void main(String[] args) throws Exception {
		PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
		int status = new GeneratorCommand(stdout, System.err).run(args);
		stdout.flush();
		// only exit on failure: under exec:java a System.exit(0) would also end Maven early
		if (status != OK) {
			System.exit(status);
		}
	}

	int run(String... args) throws IOException, InterruptedException {
		CommandOptions options;
		try {
			options = CommandOptions.parse(args);
			options.load().ifPresent(url -> LoaderSettings.of(url, options.concurrency(), options.headers()));
		} catch (IllegalArgumentException e) {
			stderr.println("error: " + e.getMessage());
			stderr.print(CommandOptions.USAGE);
			return USAGE_ERROR;
		}
		if (options.help()) {
			stdout.print(CommandOptions.USAGE);
			return OK;
		}
		return generate(options);
	}

	private int generate(CommandOptions options) throws IOException, InterruptedException {
		if (options.out().isPresent()) {
			Files.createDirectories(options.out().get());
		}
		ServerLoader loader = options.load()
				.map(url -> new ServerLoader(LoaderSettings.of(url, options.concurrency(), options.headers()),
						stderr, Clock.systemUTC()))
				.orElse(null);
		BundleWriter writer = new BundleWriter();
		Iterator<Bundle> bundles = new SyntheticDataSet(options.seed(), options.patients()).iterator();
		for (int number = 1; bundles.hasNext(); number++) {
			SerializedBundle bundle = writer.serialize(number, bundles.next());
			if (options.out().isPresent()) {
				writer.write(options.out().get(), bundle);
			}
			if (loader != null) {
				loader.submit(bundle);
			} else if (options.out().isEmpty()) {
				stdout.println(bundle.json());
			}
		}
		options.out().ifPresent(dir -> stderr.printf(Locale.ROOT, "wrote %d bundles to %s%n", options.patients(), dir));
		if (loader == null) {
			return OK;
		}
		LoadReport report = loader.finish();
		stderr.println(report.summary());
		return report.succeeded() ? OK : LOAD_FAILED;
	}
}
