package fr.messagerie.sam;

import java.util.Map;

/** One entry of the template's Resources section. */
public record TemplateResource(String logicalId, String type, Map<String, Object> properties) {

    public Object property(String name) {
        return properties.get(name);
    }

    public boolean hasProperty(String name) {
        return properties.containsKey(name);
    }

    public boolean isOfType(String expected) {
        return type.equals(expected);
    }
}
