package fr.messagerie.local;

import fr.messagerie.common.Agent;

import java.time.Duration;
import java.util.Locale;

/** What the runtime prints once ready. */
final class Banner {

    private Banner() {
    }

    static String text(LocalRuntime runtime, RuntimeOptions options, Duration ready, Duration sinceJvm) {
        String base = runtime.baseUrl();
        StringBuilder text = new StringBuilder()
                .append("\n=== Messagerie sécurisée : environnement local prêt ===\n")
                .append(String.format(Locale.FRANCE, "Démarré en %.1f s (serveurs AWS : %.1f s ; %.1f s depuis le "
                                + "lancement de la JVM)%n", seconds(ready), seconds(runtime.awsStartup()),
                        seconds(sinceJvm)))
                .append("  Console acheteurs ").append(base).append("/\n")
                .append("  Développeurs      ").append(base).append(HomePage.ROOT).append('\n')
                .append("  Boîte aux lettres ").append(base).append(MailboxPages.ROOT).append('\n')
                .append("  API               ").append(base).append(" (toutes les routes de template.yaml)\n\n")
                .append("Agents de développement (en-tête Authorization: Bearer <jeton>) :\n");
        for (DemoData.DemoConsultation consultation : runtime.demoConsultations()) {
            DevelopmentAgents.Agent agent = consultation.agent();
            text.append(String.format("  %-13s %-15s consultation %-20s jeton %s%n", agent.name(), agent.organism(),
                    consultation.id(), agent.token()));
        }
        text.append(String.format("  %-13s %-15s %-33s jeton %s%n", "Plate-forme", "(intégration)",
                "PUT /organisms, PUT /consultations", runtime.agents().platform().token()));
        text.append("\nDonnées : ").append(options.dataDirectory())
                .append("\n  conservées entre deux lancements : tables DynamoDB, fichiers S3, jetons (--clean pour "
                        + "repartir de zéro)")
                .append("\n  en mémoire seulement : files SQS (ElasticMQ) et boîte aux lettres SES")
                .append("\nFiles SQS consommées en continu : ").append(runtime.system().sqs().sources().size())
                .append(" ; événements SES simulés après chaque envoi.\nCtrl-C pour arrêter.\n");
        return text.toString();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
