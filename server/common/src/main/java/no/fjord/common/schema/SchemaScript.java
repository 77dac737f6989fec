package no.fjord.common.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * One versioned change of a module's tables: {@code db/fjord/<module>/V<version>__<description>.sql} on
 * the classpath, e.g. {@code V2__audit_all_patients.sql}. Versions are whole numbers; a released script
 * is never edited, the next change is the next version.
 */
public record SchemaScript(int version, String description, String name, String sql, String checksum) {

	private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

	/** The module's scripts, in version order; two scripts with one version are refused. */
	public static List<SchemaScript> of(String module) {
		Resource[] resources;
		try {
			resources = new PathMatchingResourcePatternResolver()
					.getResources("classpath*:db/fjord/" + module + "/V*__*.sql");
		} catch (IOException e) {
			throw unreadable("db/fjord/" + module, e);
		}
		List<SchemaScript> scripts = Arrays.stream(resources).map(SchemaScript::read)
				.sorted(Comparator.comparingInt(SchemaScript::version)).toList();
		for (int i = 1; i < scripts.size(); i++) {
			if (scripts.get(i).version() == scripts.get(i - 1).version()) {
				throw new IllegalStateException("Two schema scripts of " + module + " have version "
						+ scripts.get(i).version() + ": " + scripts.get(i - 1).name() + ", " + scripts.get(i).name());
			}
		}
		return scripts;
	}

	/** A script from its file name and text (tests, and {@link #of}). */
	public static SchemaScript of(String name, String sql) {
		Matcher matcher = NAME.matcher(name);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Schema script " + name + " is not named V<version>__<description>.sql");
		}
		return new SchemaScript(Integer.parseInt(matcher.group(1)),
				matcher.group(2).replace('_', ' ').toLowerCase(Locale.ROOT), name, sql, sha256(sql));
	}

	private static SchemaScript read(Resource resource) {
		String name = resource.getFilename();
		try (InputStream in = resource.getInputStream()) {
			return of(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw unreadable(name, e);
		}
	}

	private static UncheckedIOException unreadable(String name, IOException e) {
		return new UncheckedIOException("Schema script " + name + " cannot be read", e);
	}

	/** Line endings do not count, so a checkout on Windows does not look like an edited script. */
	private static String sha256(String sql) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
					.digest(sql.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is missing from this Java", e);
		}
	}
}
