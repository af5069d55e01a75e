package fr.messagerie.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.messagerie.common.Agent;
import fr.messagerie.sam.HttpApiInvoker;

import java.util.List;
import java.util.Map;

/**
 * The development agents' organisms and one consultation per organism, registers filled, written through the
 * integration routes with the platform's token as the platform would (upserts: running them at every start is
 * harmless).
 */
public final class DemoData {

    /** A demo consultation and the agent who may reach it. */
    record DemoConsultation(String id, String title, DevelopmentAgents.Agent agent) {
    }

    static final String ALICE_CONSULTATION = "demo-ado-2207-2020";
    static final String BRUNO_CONSULTATION = "demo-rs-2025-014";

    /** The consultation of Alice's organism, as the platform pushes it, with its four registers filled. */
    public static final String DEPARTEMENT = """
            {"organismId": "departement-13", "reference": "ADO-2207-2020", "title": "Achat de matériel informatique",
             "object": "Achat d'ordinateurs fixes, d'écrans et d'ordinateurs portables",
             "bidDeadline": "2030-07-31T17:30:00+02:00",
             "purchasingEntity": "Direction des Systèmes d'Information",
             "directLink": "https://marches.exemple.fr/consultation/516386",
             "registers": {
               "PREVIOUS_PHASE": [
                 {"name": "MARTIN Claire", "company": "INFOGÉRANCE SUD", "email": "claire.martin@infogerance-sud.example"}],
               "WITHDRAWALS": [
                 {"name": "DUPONT Gregory", "company": "ATEXO", "email": "gregory@atexo.example"},
                 {"name": "ROBERT Bernard", "company": "LOCAL TRUST", "email": "bernard.robert@local-trust.example"},
                 {"name": "Adresse en échec (simulateur SES)", "company": "REBOND SA", "email": "bounce@simulator.amazonses.com"}],
               "QUESTIONS": [
                 {"name": "LEROY Sophie", "company": "BUREAUTIQUE PROVENCE", "email": "sophie.leroy@bureautique-provence.example"},
                 {"name": "Plainte (simulateur SES)", "company": "PLAINTE SARL", "email": "complaint@simulator.amazonses.com"}],
               "DEPOSITS": [
                 {"name": "FOURNIER Paul", "company": "FORPRO CORPORATION", "email": "paul.fournier@forpro.example"}]
             }}""";
    private static final String REGION = """
            {"organismId": "region-sud", "reference": "RS-2025-014", "title": "Entretien des lycées de la région",
             "object": "Entretien des espaces verts des lycées publics",
             "bidDeadline": "2030-09-15T12:00:00+02:00",
             "purchasingEntity": "Direction des achats",
             "directLink": "https://marches.exemple.fr/consultation/620114",
             "registers": {
               "PREVIOUS_PHASE": [
                 {"name": "GARCIA Lucas", "company": "VERT AZUR", "email": "lucas.garcia@vert-azur.example"}],
               "WITHDRAWALS": [
                 {"name": "BLANC Emma", "company": "JARDINS DU MIDI", "email": "emma.blanc@jardins-du-midi.example"}],
               "QUESTIONS": [
                 {"name": "MOREL Hugo", "company": "PAYSAGES 83", "email": "hugo.morel@paysages83.example"}],
               "DEPOSITS": [
                 {"name": "BLANC Emma", "company": "JARDINS DU MIDI", "email": "emma.blanc@jardins-du-midi.example"}]
             }}""";

    private DemoData() {
    }

    static List<DemoConsultation> load(HttpApiInvoker api, DevelopmentAgents agents) {
        List<DemoConsultation> consultations = List.of(
                new DemoConsultation(ALICE_CONSULTATION, "Achat de matériel informatique", agents.alice()),
                new DemoConsultation(BRUNO_CONSULTATION, "Entretien des lycées de la région", agents.bruno()));
        Map<String, String> platform = agents.platform().claims();
        putOrganisms(api, platform);
        put(api, "/consultations/" + consultations.get(0).id(), DEPARTEMENT, platform);
        put(api, "/consultations/" + consultations.get(1).id(), REGION, platform);
        return consultations;
    }

    /** The organisms register of the development agents, through the platform's route. */
    public static void putOrganisms(HttpApiInvoker api, Map<String, String> platformClaims) {
        DevelopmentAgents.ORGANISM_NAMES.forEach((id, name) -> put(api, "/organisms/" + id,
                "{\"name\": \"" + name + "\"}", platformClaims));
    }

    private static void put(HttpApiInvoker api, String path, String json, Map<String, String> platformClaims) {
        APIGatewayV2HTTPResponse response = api.put(path, json, platformClaims);
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException("Demo data " + path + " refused: " + response.getStatusCode() + " "
                    + response.getBody());
        }
    }
}
