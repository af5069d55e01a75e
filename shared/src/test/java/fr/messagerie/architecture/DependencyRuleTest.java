package fr.messagerie.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The core's dependency rule: the domain and the use cases know nothing of AWS, HTTP or the adapters, and the domain
 * nothing of the use cases. Adapters depend on the core, never the other way round.
 */
class DependencyRuleTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("fr.messagerie");

    @Test
    void the_domain_and_the_use_cases_import_no_aws_no_http_and_no_adapter() {
        noClasses().that().resideInAnyPackage("fr.messagerie.domain..", "fr.messagerie.app..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..",
                        "fr.messagerie.aws..", "fr.messagerie.http..")
                .check(CLASSES);
    }

    @Test
    void the_domain_does_not_depend_on_the_use_cases() {
        noClasses().that().resideInAPackage("fr.messagerie.domain..")
                .should().dependOnClassesThat().resideInAPackage("fr.messagerie.app..")
                .check(CLASSES);
    }
}
