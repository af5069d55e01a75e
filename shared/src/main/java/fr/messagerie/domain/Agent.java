package fr.messagerie.domain;

/** A buyer, as the JWT of the agent front-end describes them. */
public record Agent(String id, String name, String email, String organismId, String purchasingEntity) {

    public boolean belongsTo(String organism) {
        return organismId != null && organismId.equals(organism);
    }
}
