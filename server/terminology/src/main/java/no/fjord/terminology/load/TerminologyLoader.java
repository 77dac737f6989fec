package no.fjord.terminology.load;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.term.UploadStatistics;
import ca.uhn.fhir.jpa.term.api.ITermDeferredStorageSvc;
import ca.uhn.fhir.jpa.term.api.ITermLoaderSvc;
import ca.uhn.fhir.jpa.term.api.ITermReadSvc;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Loads a terminology distribution into HAPI's terminology tables: Norwegian classifications in FinnKode's
 * CSV layout and the ICPC-2 to ICD-10 map are read by Fjord, LOINC and SNOMED CT by HAPI's own loaders.
 * Files read by Fjord are checked whole before anything is stored, and each of their loads is stored in
 * one transaction, so a bad file or a failed load leaves the previous version in use. LOINC and SNOMED CT
 * follow HAPI's rules instead: HAPI checks the release's files, and stores codes beyond 50,000 in the
 * background after the call returns ({@link #storeQueuedCodes()}).
 */
public class TerminologyLoader {

	private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,39}");
	private static final int MAX_URL_LENGTH = 200;
	private static final Pattern ABSOLUTE_URI = Pattern.compile("(https?://|urn:)\\S+");

	private final ClassificationStorage classifications;
	private final IFhirResourceDao<ConceptMap> conceptMaps;
	private final IFhirResourceDao<CodeSystem> codeSystems;
	private final IFhirResourceDao<ValueSet> valueSets;
	private final ITermLoaderSvc hapiLoaders;
	private final ITermDeferredStorageSvc deferredStorage;
	private final ITermReadSvc expansions;

	public TerminologyLoader(ClassificationStorage classifications, DaoRegistry daos, ITermLoaderSvc hapiLoaders,
			ITermDeferredStorageSvc deferredStorage, ITermReadSvc expansions) {
		this.deferredStorage = deferredStorage;
		this.expansions = expansions;
		this.classifications = classifications;
		this.conceptMaps = daos.getResourceDao(ConceptMap.class);
		this.codeSystems = daos.getResourceDao(CodeSystem.class);
		this.valueSets = daos.getResourceDao(ValueSet.class);
		this.hapiLoaders = hapiLoaders;
	}

	/**
	 * @throws TerminologyFileException when a file is refused; nothing was stored
	 * @throws InvalidRequestException when the request itself is incomplete
	 */
	public LoadResult load(LoadRequest request, LoadProgress progress) {
		if (request.files().isEmpty()) {
			throw new InvalidRequestException("No file to load");
		}
		TerminologyKind kind = request.kind();
		if (kind.isFinnKode()) {
			return loadClassification(request, progress);
		}
		return switch (kind) {
			case ICPC2_ICD10 -> loadMap(request, progress);
			case LOINC, SNOMED_CT -> loadWithHapi(kind, request, progress);
			default -> throw new IllegalStateException("Unhandled kind " + kind);
		};
	}

	/**
	 * Reads and checks the files Fjord reads itself, without storing anything, so a command can refuse a
	 * bad file before it connects to the database. LOINC and SNOMED CT files are checked by HAPI's loaders.
	 *
	 * @throws TerminologyFileException when a file is refused
	 */
	public static void check(LoadRequest request) {
		if (request.kind().isFinnKode()) {
			url(request);
			version(request);
			readClassification(request, (step, count) -> {});
		} else if (request.kind() == TerminologyKind.ICPC2_ICD10) {
			version(request);
			readMappings(request);
		}
	}

	private LoadResult loadClassification(LoadRequest request, LoadProgress progress) {
		String url = url(request);
		String version = version(request);
		List<ClassificationConcept> concepts = readClassification(request, progress);
		String id = resourceId(request.kind(), url, version);
		refuseLoadedVersion(id, url, version);
		CodeSystem codeSystem = new CodeSystem();
		codeSystem.setId(id);
		codeSystem.setUrl(url).setVersion(version).setStatus(PublicationStatus.ACTIVE)
				.setName(name(request.kind(), url))
				.setTitle(request.kind().title().orElse(url));
		IIdType stored = classifications.store(codeSystem, concepts);
		request.kind().allCodesValueSet().ifPresent(valueSet -> storeAllCodesValueSet(request.kind(), valueSet, url));
		progress.report("stored", concepts.size());
		return new LoadResult(url, version, concepts.size(), stored.toUnqualifiedVersionless().getValue());
	}

	/**
	 * A version is loaded once. Loading it again would make HAPI queue the deletion of the codes in use,
	 * which a failed reload could not take back; corrections get a new version.
	 */
	private void refuseLoadedVersion(String id, String url, String version) {
		try {
			codeSystems.read(new IdType("CodeSystem", id), new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return;
		}
		throw new ResourceVersionConflictException(url + " version " + version
				+ " is already loaded; load the corrected file as a new version");
	}

	private void storeAllCodesValueSet(TerminologyKind kind, String valueSetUrl, String system) {
		ValueSet valueSet = new ValueSet();
		valueSet.setId(kind.code());
		valueSet.setUrl(valueSetUrl).setName(kind.name().replace("_", "") + "AllCodes")
				.setTitle(kind.title().orElseThrow() + ", alle koder").setStatus(PublicationStatus.ACTIVE)
				.setDescription("Every code of the current version of " + system + ", as loaded with $load-terminology.")
				.getCompose().addInclude().setSystem(system);
		valueSets.update(valueSet, new SystemRequestDetails());
		// the value set itself is unchanged, so HAPI would keep expanding it from the previous version
		expansions.invalidatePreCalculatedExpansion(new IdType("ValueSet", kind.code()), new SystemRequestDetails());
	}

	private LoadResult loadMap(LoadRequest request, LoadProgress progress) {
		String version = version(request);
		List<Mapping> mappings = readMappings(request);
		progress.report("read", mappings.size());
		ConceptMap map = Icpc2Icd10Map.of(version, mappings);
		IIdType stored = conceptMaps.update(map, new SystemRequestDetails()).getId();
		progress.report("stored", mappings.size());
		return new LoadResult(map.getUrl(), version, mappings.size(), stored.toUnqualifiedVersionless().getValue());
	}

	private LoadResult loadWithHapi(TerminologyKind kind, LoadRequest request, LoadProgress progress) {
		List<ITermLoaderSvc.FileDescriptor> files =
				request.files().stream().map(ITermLoaderSvc.FileDescriptor.class::cast).toList();
		UploadStatistics statistics;
		try {
			statistics = kind == TerminologyKind.LOINC
					? hapiLoaders.loadLoinc(files, new SystemRequestDetails())
					: hapiLoaders.loadSnomedCt(files, new SystemRequestDetails());
		} catch (InternalErrorException | UncheckedIOException | IllegalArgumentException e) {
			// HAPI's message can name server paths and classes; the caller needs to know the file is unusable
			throw new TerminologyFileException(0, "the files could not be read as a " + kind.title().orElseThrow()
					+ " distribution (a complete release zip is expected)");
		}
		progress.report("stored", statistics.getUpdatedConceptCount());
		IIdType target = statistics.getTarget().toUnqualifiedVersionless();
		CodeSystem stored = codeSystems.read(target, new SystemRequestDetails());
		return new LoadResult(kind.url().orElseThrow(), stored.getVersion(), statistics.getUpdatedConceptCount(),
				target.getValue());
	}

	/**
	 * Stores what HAPI's loaders queued for its background job (LOINC and SNOMED CT codes beyond 50,000,
	 * LOINC's value sets and maps). A command must call this before it exits, or the queue is lost.
	 */
	public void storeQueuedCodes() {
		deferredStorage.saveAllDeferred();
	}

	private static List<ClassificationConcept> readClassification(LoadRequest request, LoadProgress progress) {
		try (InputStream in = singleFile(request).getInputStream()) {
			return FinnKodeFile.read(in, read -> progress.report("read", read));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static List<Mapping> readMappings(LoadRequest request) {
		try (InputStream in = singleFile(request).getInputStream()) {
			return MappingFile.read(in);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static TerminologyFile singleFile(LoadRequest request) {
		if (request.files().size() != 1) {
			throw new InvalidRequestException(request.kind().code() + " is loaded from one file, not "
					+ request.files().size());
		}
		return request.files().get(0);
	}

	private static String url(LoadRequest request) {
		if (request.kind().url().isPresent()) {
			if (request.url() != null && !request.url().equals(request.kind().url().get())) {
				throw new InvalidRequestException(request.kind().code() + " is always stored as "
						+ request.kind().url().get() + "; use kind finnkode to choose the url");
			}
			return request.kind().url().get();
		}
		if (request.url() == null || !ABSOLUTE_URI.matcher(request.url()).matches()
				|| request.url().length() > MAX_URL_LENGTH) {
			throw new InvalidRequestException("kind " + request.kind().code()
					+ " needs a url: the absolute canonical URL (http(s):// or urn:, at most " + MAX_URL_LENGTH
					+ " characters) of the code system");
		}
		return request.url();
	}

	private static String version(LoadRequest request) {
		if (request.version() == null || !VERSION.matcher(request.version()).matches()) {
			throw new InvalidRequestException("kind " + request.kind().code() + " needs a version: 1-40 letters, "
					+ "digits, dots or dashes, such as 2026");
		}
		return request.version();
	}

	/** One resource per version, so older versions stay available to data coded with them. */
	static String resourceId(TerminologyKind kind, String url, String version) {
		String prefix = kind == TerminologyKind.FINNKODE ? "cs-" + shortHash(url) : kind.code();
		return prefix + "-" + version;
	}

	private static String name(TerminologyKind kind, String url) {
		return kind == TerminologyKind.FINNKODE ? "Classification" + shortHash(url) : kind.name().replace("_", "");
	}

	private static String shortHash(String url) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 6);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
