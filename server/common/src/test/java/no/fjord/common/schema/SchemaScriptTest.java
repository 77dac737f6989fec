package no.fjord.common.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SchemaScriptTest {

	@Test
	void theVersionAndDescriptionComeFromTheFileName() {
		SchemaScript script = SchemaScript.of("V12__audit_all_patients.sql", "SELECT 1;");

		assertThat(script.version()).isEqualTo(12);
		assertThat(script.description()).isEqualTo("audit all patients");
		assertThat(script.checksum()).hasSize(64);
	}

	@Test
	void aFileNotNamedLikeAVersionIsRefused() {
		assertThatThrownBy(() -> SchemaScript.of("schema.sql", "SELECT 1;"))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("V<version>__<description>.sql");
		assertThatThrownBy(() -> SchemaScript.of("V1_missing_underscore.sql", "SELECT 1;"))
				.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void theChecksumFollowsTheTextButNotItsLineEndings() {
		String unix = SchemaScript.of("V1__a.sql", "CREATE TABLE a (id int);\nSELECT 1;\n").checksum();

		assertThat(SchemaScript.of("V1__a.sql", "CREATE TABLE a (id int);\r\nSELECT 1;\r\n").checksum()).isEqualTo(unix);
		assertThat(SchemaScript.of("V1__a.sql", "CREATE TABLE a (id bigint);\nSELECT 1;\n").checksum()).isNotEqualTo(unix);
	}

	@Test
	void aModuleWithoutScriptsHasNone() {
		assertThat(SchemaScript.of("no-such-module")).isEmpty();
	}
}
