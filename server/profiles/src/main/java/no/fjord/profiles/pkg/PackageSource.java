package no.fjord.profiles.pkg;

import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;

/**
 * Turns a configured package reference into HAPI's install request. Archives are read here, so their
 * name and version come from their own {@code package.json}; {@code name#version} goes to the registry.
 */
public final class PackageSource {

	private PackageSource() {}

	public static PackageInstallationSpec toSpec(String reference) {
		PackageInstallationSpec spec = reference.contains("#") && !reference.endsWith(".tgz")
				? fromRegistry(reference)
				: fromArchive(read(reference));
		// STORE_ONLY: the definitions serve validation; they are not created as resources.
		return spec.setInstallMode(PackageInstallationSpec.InstallModeEnum.STORE_ONLY);
	}

	private static PackageInstallationSpec fromRegistry(String reference) {
		String[] nameAndVersion = reference.split("#", 2);
		if (nameAndVersion[0].isBlank() || nameAndVersion[1].isBlank()) {
			throw new IllegalArgumentException("fjord.profiles.packages: '" + reference + "' is not name#version");
		}
		return new PackageInstallationSpec().setName(nameAndVersion[0]).setVersion(nameAndVersion[1])
				.setFetchDependencies(false);
	}

	private static PackageInstallationSpec fromArchive(byte[] archive) {
		try (InputStream in = new ByteArrayInputStream(archive)) {
			NpmPackage npm = NpmPackage.fromPackage(in);
			return new PackageInstallationSpec().setName(npm.name()).setVersion(npm.version())
					.setPackageContents(archive).setFetchDependencies(false);
		} catch (IOException e) {
			throw new IllegalArgumentException("fjord.profiles.packages: not a readable FHIR package archive", e);
		}
	}

	private static byte[] read(String location) {
		try {
			if (location.startsWith("classpath:") || location.startsWith("file:")) {
				Resource resource = new DefaultResourceLoader().getResource(location);
				if (!resource.exists()) {
					throw new IllegalArgumentException("fjord.profiles.packages: no package at " + location);
				}
				try (InputStream in = resource.getInputStream()) {
					return in.readAllBytes();
				}
			}
			Path path = Path.of(location);
			if (!Files.isRegularFile(path)) {
				throw new IllegalArgumentException("fjord.profiles.packages: no package file at " + location);
			}
			return Files.readAllBytes(path);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
