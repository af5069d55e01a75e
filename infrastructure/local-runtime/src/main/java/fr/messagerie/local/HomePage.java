package fr.messagerie.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.messagerie.common.Agent;

import java.util.List;
import java.util.Map;

/** The runtime's home page: agents and their tokens, demo consultations, curl examples, the mailbox. */
final class HomePage {

    /** The developers' page; the console itself is at "/". */
    static final String ROOT = "/_local";
    /** The development agents, for the console's sign-in page. */
    static final String AGENTS = "/_local/agents";

    private HomePage() {
    }

    static String render(String baseUrl, DevelopmentAgents agents, List<DemoData.DemoConsultation> consultations) {
        StringBuilder body = new StringBuilder("<h1>Messagerie sécurisée — environnement local</h1>")
                .append("<p>La <a href=\"/\">console des acheteurs</a> est servie à la racine ; l'API des agents est ")
                .append("décrite par <a href=\"/openapi.yaml\">openapi.yaml</a>. ")
                .append("Toutes les routes de <code>template.yaml</code> répondent sur <code>")
                .append(Html.escape(baseUrl)).append("</code>. Les courriels envoyés arrivent dans la ")
                .append("<a href=\"").append(MailboxPages.ROOT).append("\">boîte aux lettres locale</a> ; ")
                .append("leurs liens mènent aux pages destinataires de cet environnement.</p>")
                .append("<h2>Agents de développement</h2><table><thead><tr><th scope=\"col\">Agent</th>")
                .append("<th scope=\"col\">Organisme</th><th scope=\"col\">Consultation de démonstration</th>")
                .append("<th scope=\"col\">Jeton (<code>Authorization: Bearer …</code>)</th></tr></thead><tbody>");
        for (DemoData.DemoConsultation consultation : consultations) {
            DevelopmentAgents.Agent agent = consultation.agent();
            body.append("<tr><td>").append(Html.escape(agent.name())).append("</td><td>")
                    .append(Html.escape(agent.organism())).append("</td><td><code>")
                    .append(Html.escape(consultation.id())).append("</code><br>")
                    .append(Html.escape(consultation.title())).append("</td><td><code>")
                    .append(Html.escape(agent.token())).append("</code></td></tr>");
        }
        body.append("</tbody></table>");
        DevelopmentAgents.Agent platform = agents.platform();
        body.append("<h2>Plate-forme de dématérialisation (intégration)</h2>")
                .append("<p>Seul ce jeton (portée <code>messagerie/integration</code>) transmet les organismes et ")
                .append("les consultations ; celui d'un agent y reçoit 403. Jeton : <code>")
                .append(Html.escape(platform.token())).append("</code></p><pre>")
                .append(Html.escape(platformExamples(baseUrl, platform.token()))).append("</pre>");
        DemoData.DemoConsultation first = consultations.get(0);
        body.append("<h2>Essayer avec curl (").append(Html.escape(first.agent().name())).append(")</h2>")
                .append("<pre>").append(Html.escape(curlExamples(baseUrl, first))).append("</pre>")
                .append("<p>Les adresses du simulateur de SES se comportent comme chez AWS : ")
                .append("<code>bounce@simulator.amazonses.com</code> (non délivré), ")
                .append("<code>complaint@simulator.amazonses.com</code> (délivré puis plainte), ")
                .append("<code>suppressionlist@simulator.amazonses.com</code> (adresse sur liste de suppression) ; ")
                .append("toute autre adresse est délivrée.</p>");
        return Html.page("Messagerie sécurisée — local", body.toString());
    }

    /** {"agents": [{key, name, organism, token}]}: what the console's local sign-in page lists. */
    static String agentsJson(DevelopmentAgents agents) {
        List<Map<String, String>> list = agents.all().stream().map(agent -> Map.of("key", agent.key(),
                "name", agent.name(), "organism", agent.organism(), "token", agent.token())).toList();
        try {
            return new ObjectMapper().writeValueAsString(Map.of("agents", list));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String platformExamples(String baseUrl, String token) {
        return """
                # Un organisme du registre (son nom est celui que montrent courriels, pages et preuves)
                curl -s -X PUT %1$s/organisms/departement-13 -H 'Authorization: Bearer %2$s' \
                  -H 'Content-Type: application/json' -d '{"name": "Département des Bouches-du-Rhône"}'

                # Une consultation de cet organisme (l'identifiant est propre à l'organisme)
                curl -s -X PUT %1$s/consultations/ADO-1 -H 'Authorization: Bearer %2$s' \
                  -H 'Content-Type: application/json' \
                  -d '{"organismId": "departement-13", "reference": "ADO-1", "title": "Fournitures de bureau"}'
                """.formatted(baseUrl, token);
    }

    static String curlExamples(String baseUrl, DemoData.DemoConsultation consultation) {
        String auth = "-H 'Authorization: Bearer " + consultation.agent().token() + "'";
        return """
                # 1. Créer un brouillon (la réponse donne son identifiant, "id")
                curl -s -X POST %1$s/consultations/%2$s/letters %3$s -H 'Content-Type: application/json' \\
                  -d '{"letterType": "DEMANDE_COMPLEMENT", "replyOptions": {"allowed": true, "deadline": "2030-01-31T17:00:00+01:00"}, "recipients": {"addresses": "gregory@atexo.example", "registers": ["DEPOSITS"]}}'

                # 2. L'envoyer
                curl -s -X POST %1$s/letters/IDENTIFIANT_DU_BROUILLON/send %3$s

                # 3. Suivre les envois de la consultation
                curl -s %1$s/consultations/%2$s/deliveries %3$s

                # Les types de courrier et leurs modèles
                curl -s %1$s/letter-types %3$s
                """.formatted(baseUrl, consultation.id(), auth);
    }
}
