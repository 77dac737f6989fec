package no.fjord.fhir.rest;

import ca.uhn.fhir.parser.StrictErrorHandler;

/**
 * Refuses unknown elements and attributes and malformed values (HAPI's strict handling), except the
 * XML Schema attribute {@code xsi:schemaLocation}: it says nothing about the FHIR content, and
 * published examples (HL7 Norway's among them) carry it.
 */
public final class RejectingParserErrorHandler extends StrictErrorHandler {

	private static final String SCHEMA_LOCATION = "schemaLocation";

	@Override
	public void unknownAttribute(IParseLocation location, String attributeName) {
		if (!SCHEMA_LOCATION.equals(attributeName) && !attributeName.endsWith(":" + SCHEMA_LOCATION)) {
			super.unknownAttribute(location, attributeName);
		}
	}
}
