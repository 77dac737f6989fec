package no.fjord.terminology.operation;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import no.fjord.common.error.OperationOutcomes;
import no.fjord.terminology.load.LoadRequest;
import no.fjord.terminology.load.LoadResult;
import no.fjord.terminology.load.TerminologyFile;
import no.fjord.terminology.load.TerminologyFileException;
import no.fjord.terminology.load.TerminologyKind;
import no.fjord.terminology.load.TerminologyLoader;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST [base]/$load-terminology}: an administrator loads a classification (ICD-10, ICPC-2, a FinnKode
 * CSV, the ICPC-2 to ICD-10 map, LOINC, SNOMED CT) into the running server. Files travel inline as
 * Attachment data, or as {@code file:} URLs inside the configured import directory. A refused file is a
 * 400 naming the line it failed on; the previous version stays in use.
 */
public class LoadTerminologyOperationProvider {

	private static final Logger log = LoggerFactory.getLogger(LoadTerminologyOperationProvider.class);

	private final TerminologyLoader loader;
	private final ImportFiles importFiles;

	public LoadTerminologyOperationProvider(TerminologyLoader loader, ImportFiles importFiles) {
		this.loader = loader;
		this.importFiles = importFiles;
	}

	@Operation(name = "$load-terminology", manualResponse = false, idempotent = false)
	public Parameters loadTerminology(
			@OperationParam(name = "kind", min = 1, max = 1) CodeType kindCode,
			@OperationParam(name = "url", max = 1) UriType url,
			@OperationParam(name = "version", max = 1) StringType version,
			@OperationParam(name = "file", min = 1) List<Attachment> attachments) {
		if (kindCode == null || kindCode.isEmpty() || attachments == null || attachments.isEmpty()) {
			throw new InvalidRequestException("$load-terminology needs a kind (" + TerminologyKind.codes()
					+ ") and at least one file");
		}
		TerminologyKind kind = TerminologyKind.fromCode(kindCode.getValueAsString()).orElseThrow(() ->
				new InvalidRequestException("Unknown kind '" + kindCode.getValueAsString() + "'; one of "
						+ TerminologyKind.codes()));
		List<TerminologyFile> files = new ArrayList<>();
		for (int i = 0; i < attachments.size(); i++) {
			files.add(file(attachments.get(i), i));
		}
		LoadRequest request = new LoadRequest(kind, value(url), value(version), files);
		try {
			LoadResult result = loader.load(request, (step, count) ->
					log.info("Loading {}: {} {} codes", kind.code(), step, count));
			return response(result);
		} catch (TerminologyFileException e) {
			throw new InvalidRequestException(e.getMessage(),
					OperationOutcomes.error(IssueType.INVALID, "The file was refused, nothing was stored: "
							+ e.getMessage()));
		}
	}

	private TerminologyFile file(Attachment attachment, int index) {
		if (attachment.hasData()) {
			String name = attachment.hasTitle() ? attachment.getTitle() : "file-" + (index + 1) + ".zip";
			return TerminologyFile.of(name, attachment.getData());
		}
		if (attachment.hasUrl()) {
			return TerminologyFile.of(importFiles.resolve(attachment.getUrl()));
		}
		throw new InvalidRequestException("file " + (index + 1) + " has neither data nor url");
	}

	private static Parameters response(LoadResult result) {
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("system").setValue(new UriType(result.url()));
		if (result.version() != null) {
			parameters.addParameter().setName("version").setValue(new StringType(result.version()));
		}
		parameters.addParameter().setName("concepts").setValue(new IntegerType(Math.toIntExact(result.count())));
		parameters.addParameter().setName("resource").setValue(new Reference(result.resource()));
		return parameters;
	}

	private static String value(PrimitiveType<?> type) {
		return type == null || type.isEmpty() ? null : type.getValueAsString();
	}
}
