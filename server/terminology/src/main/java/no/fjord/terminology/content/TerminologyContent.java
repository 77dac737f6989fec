package no.fjord.terminology.content;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hl7.fhir.r4.model.MetadataResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * The CodeSystem, ValueSet and ConceptMap resources found at the configured locations, in the order they
 * must be stored: code systems before the value sets that include them, value sets before the concept
 * maps that name them.
 */
public final class TerminologyContent {

	private static final List<String> STORAGE_ORDER = List.of("CodeSystem", "ValueSet", "ConceptMap");

	private TerminologyContent() {}

	public static List<MetadataResource> read(FhirContext fhirContext, List<String> locations) {
		ResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
		List<MetadataResource> resources = new ArrayList<>();
		for (String location : locations) {
			for (Resource file : find(resolver, location)) {
				resources.add(parse(fhirContext, file));
			}
		}
		resources.sort(Comparator.comparingInt(TerminologyContent::storageRank)
				.thenComparing(resource -> resource.getIdElement().getIdPart()));
		return resources;
	}

	private static Resource[] find(ResourcePatternResolver resolver, String location) {
		try {
			return resolver.getResources(location);
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot list terminology content at " + location, e);
		}
	}

	private static MetadataResource parse(FhirContext fhirContext, Resource file) {
		try (InputStream in = file.getInputStream()) {
			var parsed = fhirContext.newJsonParser().parseResource(in);
			if (!(parsed instanceof MetadataResource resource) || storageRank(resource) < 0) {
				throw new IllegalStateException(file.getDescription() + " is not a CodeSystem, ValueSet or ConceptMap");
			}
			if (!resource.hasIdElement() || !resource.hasUrl() || !resource.hasVersion()) {
				throw new IllegalStateException(file.getDescription() + " needs an id, a url and a version");
			}
			return resource;
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read terminology content " + file.getDescription(), e);
		}
	}

	private static int storageRank(MetadataResource resource) {
		return STORAGE_ORDER.indexOf(resource.fhirType());
	}
}
