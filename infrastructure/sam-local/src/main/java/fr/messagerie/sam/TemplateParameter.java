package fr.messagerie.sam;

/** One entry of the template's Parameters section; {@code defaultValue} is null when the template gives none. */
public record TemplateParameter(String name, String type, Object defaultValue) {
}
