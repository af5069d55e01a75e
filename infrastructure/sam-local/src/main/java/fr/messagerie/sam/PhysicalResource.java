package fr.messagerie.sam;

import java.util.Map;

/** The local counterpart of a template resource: what {@code !Ref} returns and the {@code !GetAtt} attributes. */
public record PhysicalResource(String logicalId, String type, String ref, Map<String, String> attributes) {

    public PhysicalResource {
        attributes = Map.copyOf(attributes);
    }

    public String attribute(String name) {
        String value = attributes.get(name);
        if (value == null) {
            throw new TemplateException("No local value for " + logicalId + "." + name + " (" + type + ")");
        }
        return value;
    }
}
