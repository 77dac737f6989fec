package no.fjord.storage.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.List;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Installs storage's own database objects beside HAPI's schema: the trigger that refuses to index a
 * reference to a resource deleted meanwhile (referential integrity under concurrency) and the
 * full-text backlog. The scripts are idempotent; run at every start after HAPI's schema migration.
 */
public final class StorageScripts {

	private static final List<String> SCRIPTS = List.of(
			"/db/fjord/reference-target-live.sql",
			"/db/fjord/fulltext-backlog.sql");
	/** An arbitrary constant naming "Fjord's schema changes" among PostgreSQL's advisory locks. */
	private static final long LOCK_KEY = 0x466a6f7264L;

	private StorageScripts() {}

	public static void install(JdbcTemplate jdbc) {
		List<String> scripts = SCRIPTS.stream().map(StorageScripts::read).toList();
		// Servers starting together would otherwise replace the same objects at the same moment.
		jdbc.execute((ConnectionCallback<Void>) connection -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
				try {
					for (String script : scripts) {
						statement.execute(script);
					}
				} finally {
					statement.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
				}
			}
			return null;
		});
	}

	private static String read(String script) {
		try (InputStream in = StorageScripts.class.getResourceAsStream(script)) {
			if (in == null) {
				throw new IllegalStateException(script + " is missing from the storage module");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
