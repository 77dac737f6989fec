package no.fjord.profiles.pkg;

import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs Fjord's own profile package and the operator's packages into HAPI's package store at
 * start-up. A package version already in the store is not loaded again, so restarts stay fast.
 */
public final class PackageInstallation {

	private static final Logger log = LoggerFactory.getLogger(PackageInstallation.class);

	public PackageInstallation(IPackageInstallerSvc installer, List<String> operatorPackages) {
		List<String> references = new ArrayList<>();
		references.add(FjordProfilePackage.LOCATION);
		references.addAll(operatorPackages);
		for (String reference : references) {
			PackageInstallationSpec spec = PackageSource.toSpec(reference);
			installer.install(spec);
			log.info("FHIR package {}#{} is installed", spec.getName(), spec.getVersion());
		}
	}
}
