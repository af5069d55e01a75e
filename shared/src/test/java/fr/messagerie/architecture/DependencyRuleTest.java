package fr.messagerie.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import fr.messagerie.recipient.CompleteReplyUpload;
import fr.messagerie.recipient.DownloadFile;
import fr.messagerie.recipient.Exchanges;
import fr.messagerie.recipient.OfferReplyUpload;
import fr.messagerie.recipient.OpenLetter;
import fr.messagerie.recipient.RemoveReplyFile;
import fr.messagerie.recipient.SendReply;
import fr.messagerie.recipient.ShowHistory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The core's dependency rule: the features (their domain types, use cases and ports) know nothing of AWS, HTTP or
 * the adapters, and {@code common} nothing of the features. Adapters depend on the core, never the other way round.
 * A use case owns its rule and calls no other use case.
 */
class DependencyRuleTest {
    static final String[] FEATURES = {"fr.messagerie.consultations..", "fr.messagerie.letters..",
            "fr.messagerie.delivery..", "fr.messagerie.tracking..", "fr.messagerie.recipient..",
            "fr.messagerie.files..", "fr.messagerie.proof.."};
    /** What a company does through the link of its email, one use case per action. */
    static final List<Class<?>> RECIPIENT_USE_CASES = List.of(OpenLetter.class, DownloadFile.class,
            OfferReplyUpload.class, CompleteReplyUpload.class, RemoveReplyFile.class, SendReply.class,
            ShowHistory.class);
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

    @Test
    void a_use_case_of_the_company_calls_no_other_and_the_letter_it_reaches_none() {
        for (Class<?> useCase : RECIPIENT_USE_CASES) {
            Class<?>[] others = RECIPIENT_USE_CASES.stream().filter(other -> other != useCase)
                    .toArray(Class<?>[]::new);
            noClasses().that().belongToAnyOf(useCase)
                    .should().dependOnClassesThat().belongToAnyOf(others)
                    .check(CLASSES);
        }
        noClasses().that().belongToAnyOf(Exchanges.class)
                .should().dependOnClassesThat().belongToAnyOf(RECIPIENT_USE_CASES.toArray(Class<?>[]::new))
                .check(CLASSES);
    }
}
