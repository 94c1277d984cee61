package io.github.llmfailover.sample;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The sample app's packages never import each other in a circle, as the library's: the
 * demo's simulated providers, the gateway, the caller endpoints, security and the bench
 * profile each stand on the library and on nothing that stands on them.
 */
class PackageCycleTests {

	private static final JavaClasses SAMPLE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.llmfailover.sample");

	@Test
	void everyPackageIsFreeOfCycles() {
		// One slice a package, the application's root package included.
		slices().matching("io.github.llmfailover.(**)").should().beFreeOfCycles().check(SAMPLE);
	}

}
