package fr.messagerie.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import fr.messagerie.consultations.ConsultationAccess;
import fr.messagerie.consultations.ListConsultations;
import fr.messagerie.consultations.ShowConsultation;
import fr.messagerie.consultations.ShowRegisters;
import fr.messagerie.consultations.UpsertConsultation;
import fr.messagerie.consultations.UpsertOrganism;
import fr.messagerie.delivery.DispatchDelivery;
import fr.messagerie.delivery.RecordDeliveryEvent;
import fr.messagerie.files.CompleteUpload;
import fr.messagerie.files.DownloadAttachment;
import fr.messagerie.files.DownloadReplyFile;
import fr.messagerie.files.DraftFiles;
import fr.messagerie.files.JoinDocument;
import fr.messagerie.files.ListAttachments;
import fr.messagerie.files.ListDocuments;
import fr.messagerie.files.RemoveAttachment;
import fr.messagerie.files.RequestUpload;
import fr.messagerie.letters.CreateDraft;
import fr.messagerie.letters.DceChanges;
import fr.messagerie.letters.DeleteDraft;
import fr.messagerie.letters.DraftEditor;
import fr.messagerie.letters.ListDrafts;
import fr.messagerie.letters.SendLetter;
import fr.messagerie.letters.ShowLetter;
import fr.messagerie.letters.UpdateDraft;
import fr.messagerie.proof.ProofOfExchanges;
import fr.messagerie.recipient.CompleteReplyUpload;
import fr.messagerie.recipient.DownloadFile;
import fr.messagerie.recipient.Exchanges;
import fr.messagerie.recipient.OfferReplyUpload;
import fr.messagerie.recipient.OpenLetter;
import fr.messagerie.recipient.RemoveReplyFile;
import fr.messagerie.recipient.SendReply;
import fr.messagerie.recipient.ShowHistory;
import fr.messagerie.tracking.ListTracking;
import fr.messagerie.tracking.MarkFavorite;
import fr.messagerie.tracking.MarkReplyRead;
import fr.messagerie.tracking.ResendDelivery;
import fr.messagerie.tracking.RevokeLink;
import fr.messagerie.tracking.ShowThread;
import fr.messagerie.tracking.Threads;
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
    /** Every action of the core, one use case each, feature by feature. */
    static final List<Class<?>> USE_CASES = List.of(
            UpsertOrganism.class, UpsertConsultation.class, ListConsultations.class, ShowConsultation.class,
            ShowRegisters.class,
            CreateDraft.class, UpdateDraft.class, DeleteDraft.class, ShowLetter.class, ListDrafts.class,
            SendLetter.class, DceChanges.class,
            RequestUpload.class, CompleteUpload.class, JoinDocument.class, ListDocuments.class,
            ListAttachments.class, RemoveAttachment.class, DownloadAttachment.class, DownloadReplyFile.class,
            DispatchDelivery.class,
            ListTracking.class, ShowThread.class, MarkFavorite.class, MarkReplyRead.class, RevokeLink.class,
            ResendDelivery.class,
            OpenLetter.class, DownloadFile.class, OfferReplyUpload.class, CompleteReplyUpload.class,
            RemoveReplyFile.class, SendReply.class, ShowHistory.class,
            ProofOfExchanges.class);
    /** What several actions share, each in one place: the access rules, the reads they assemble, the event log. */
    static final List<Class<?>> SHARED_RULES = List.of(ConsultationAccess.class, DraftEditor.class,
            DraftFiles.class, Threads.class, Exchanges.class, RecordDeliveryEvent.class);
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
    void a_use_case_calls_no_other_and_the_shared_rules_call_none() {
        for (Class<?> useCase : USE_CASES) {
            Class<?>[] others = USE_CASES.stream().filter(other -> other != useCase).toArray(Class<?>[]::new);
            noClasses().that().belongToAnyOf(useCase)
                    .should().dependOnClassesThat().belongToAnyOf(others)
                    .check(CLASSES);
        }
        noClasses().that().belongToAnyOf(SHARED_RULES.toArray(Class<?>[]::new))
                .should().dependOnClassesThat().belongToAnyOf(USE_CASES.toArray(Class<?>[]::new))
                .check(CLASSES);
    }
}
