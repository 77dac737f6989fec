package no.fjord.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NestingDepthTest {

	@Test
	void jsonDepthCountsObjectsAndArrays() {
		assertThat(depth("{\"a\":[{\"b\":{}}]}")).isEqualTo(4);
		assertThat(depth("  {\"resourceType\":\"Patient\"}")).isEqualTo(1);
	}

	@Test
	void jsonBracketsInsideStringsDoNotCount() {
		assertThat(depth("{\"div\":\"[[[{{{\\\"]]]\"}")).isEqualTo(1);
	}

	@Test
	void xmlDepthCountsElementsAndIgnoresSelfClosingOnes() {
		assertThat(depth("<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"x\"/></name></Patient>"))
				.isEqualTo(2);
	}

	@Test
	void xmlCommentsDeclarationsCdataAndQuotedAngleBracketsDoNotCount() {
		String xml = "<?xml version=\"1.0\"?><!-- <a><b><c> --><Patient a=\"x>y\"><![CDATA[<d><e>]]></Patient>";
		assertThat(depth(xml)).isEqualTo(1);
	}

	@Test
	void deepNestingIsMeasuredExactly() {
		assertThat(depth("[".repeat(500) + "]".repeat(500))).isEqualTo(500);
		assertThat(depth("<a>".repeat(300) + "</a>".repeat(300))).isEqualTo(300);
	}

	@Test
	void otherContentHasNoDepth() {
		assertThat(depth("family=Nordmann")).isZero();
		assertThat(depth("   ")).isZero();
	}

	private static int depth(String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return NestingDepth.of(bytes, bytes.length);
	}
}
