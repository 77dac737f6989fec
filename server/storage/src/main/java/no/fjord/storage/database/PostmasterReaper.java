package no.fjord.storage.database;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the embedded PostgreSQL when the JVM dies without stopping it (SIGKILL, out of memory, a
 * crash). The postmaster runs in a session of its own and would otherwise outlive Fjord, holding the
 * data directory and listening on loopback. The reaper is a small shell whose standard input is a
 * pipe from this JVM: when the JVM is gone, however it went, the pipe closes, {@code read} returns
 * and the shell runs {@code pg_ctl stop -m fast}. A clean shutdown stops PostgreSQL itself and then
 * ends the reaper, so a Fjord started right after is never stopped by a stale reaper.
 */
final class PostmasterReaper implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PostmasterReaper.class);
	private static final String SCRIPT = "read -r ignored; exec \"$0\" -D \"$1\" stop -m fast -w -t 60";

	private final Process shell;

	private PostmasterReaper(Process shell) {
		this.shell = shell;
	}

	/** Empty where no POSIX shell is at hand; then only the next start cleans up ({@link LeftoverPostmaster}). */
	static Optional<PostmasterReaper> watch(Path pgCtl, Path dataDir) {
		try {
			Process shell = new ProcessBuilder("sh", "-c", SCRIPT, pgCtl.toString(), dataDir.toString())
					.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
			return Optional.of(new PostmasterReaper(shell));
		} catch (IOException noShell) {
			log.warn("Cannot start a reaper for the embedded PostgreSQL ({}); if the JVM is killed, the next start "
					+ "stops the server it left", noShell.getMessage());
			return Optional.empty();
		}
	}

	long pid() {
		return shell.pid();
	}

	@Override
	public void close() {
		shell.destroy(); // SIGTERM ends the shell while it waits in read, before it runs pg_ctl
	}
}
