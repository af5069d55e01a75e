package fr.messagerie.common;

/** A buyer, as the JWT of the agent front-end describes them. */
public record Agent(String id, String name, String email, String organismId, String purchasingEntity) {

    /** How events and letters name the agent: the name, or the id when the directory gives none. */
    public String displayName() {
        return name == null || name.isBlank() ? id : name;
    }

    public boolean belongsTo(String organism) {
        return organismId != null && organismId.equals(organism);
    }
}
