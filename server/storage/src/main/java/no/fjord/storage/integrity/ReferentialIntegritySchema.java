package no.fjord.storage.integrity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import no.fjord.common.schema.SchemaMigrations;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Installs the database half of referential integrity under concurrency: the trigger that refuses to
 * index a reference to a resource deleted meanwhile. Idempotent; run at every start after HAPI's
 * schema migration.
 */
public final class ReferentialIntegritySchema {

	private static final String SCRIPT = "/db/fjord/reference-target-live.sql";
	/** The lock Fjord's schema changes take turns on. */
	private static final long LOCK_KEY = SchemaMigrations.LOCK_KEY;

	private ReferentialIntegritySchema() {}

	public static void install(JdbcTemplate jdbc) {
		try (InputStream in = ReferentialIntegritySchema.class.getResourceAsStream(SCRIPT)) {
			if (in == null) {
				throw new IllegalStateException(SCRIPT + " is missing from the storage module");
			}
			String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			// Servers starting together would otherwise replace the function at the same moment.
			jdbc.execute((ConnectionCallback<Void>) connection -> {
				try (Statement statement = connection.createStatement()) {
					statement.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
					try {
						statement.execute(script);
					} finally {
						statement.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
					}
				}
				return null;
			});
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
