package io.github.llmfailover;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Packages never import each other in a circle: {@code chat} is the API, {@code routing}
 * chooses, retries and breaks, each {@code provider} package speaks one wire format,
 * {@code observation}, {@code actuate} and {@code cost} observe and steer, and
 * {@code autoconfigure} wires them. A cycle would mean one of them reaches back into
 * another's business.
 */
class PackageCycleTests {

	private static final JavaClasses LIBRARY = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.llmfailover");

	@Test
	void topLevelPackagesAreFreeOfCycles() {
		slices().matching("io.github.llmfailover.(*)..").should().beFreeOfCycles().check(LIBRARY);
	}

	@Test
	void everyPackageIsFreeOfCycles() {
		// One slice a package, so a parent and its sub-package (provider and
		// provider.openai) count as two.
		slices().matching("io.github.llmfailover.(**)").should().beFreeOfCycles().check(LIBRARY);
	}

}
