package fr.messagerie.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The core's dependency rule: the features (their domain types, use cases and ports) know nothing of AWS, HTTP or
 * the adapters, and {@code common} nothing of the features. Adapters depend on the core, never the other way round.
 */
class DependencyRuleTest {
    static final String[] FEATURES = {"fr.messagerie.consultations..", "fr.messagerie.letters..",
            "fr.messagerie.delivery..", "fr.messagerie.tracking..", "fr.messagerie.recipient..",
            "fr.messagerie.files..", "fr.messagerie.proof.."};
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("fr.messagerie");

    @Test
    void the_core_imports_no_aws_no_http_and_no_adapter() {
        noClasses().that().resideInAnyPackage(FEATURES).or().resideInAPackage("fr.messagerie.common..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..",
                        "fr.messagerie.aws..", "fr.messagerie.http..")
                .check(CLASSES);
    }

    @Test
    void common_depends_on_no_feature() {
        noClasses().that().resideInAPackage("fr.messagerie.common..")
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
                .check(CLASSES);
    }
}
