package fr.messagerie.sam;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads CloudFormation YAML: short tags (!Ref, !Sub...) and long forms (Ref:, Fn::Sub:) both become {@link Intrinsic}s. */
final class CloudFormationYaml {

    private static final Set<String> SHORT_TAGS = Set.of("Ref", "GetAtt", "Sub", "Join", "Select", "If", "Equals",
            "Not", "And", "Or", "FindInMap", "Split", "ImportValue", "Base64", "Cidr", "GetAZs", "Condition",
            "Transform", "Length", "ToJsonString");

    private CloudFormationYaml() {
    }

    static Map<String, Object> parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(10 * 1024 * 1024);
        Object document = new Yaml(new IntrinsicConstructor(options)).load(yaml);
        if (!(document instanceof Map<?, ?>)) {
            throw new TemplateException("The template is not a YAML mapping");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) normalizeLongForms(document);
        return root;
    }

    /** Turns {@code {Ref: X}} and {@code {"Fn::Join": [...]}} into intrinsics so that resolution sees one shape. */
    private static Object normalizeLongForms(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Map.Entry<?, ?> only = map.entrySet().iterator().next();
                String key = String.valueOf(only.getKey());
                if (key.equals("Ref") || key.startsWith("Fn::")) {
                    return Intrinsic.of(key, normalizeLongForms(only.getValue()));
                }
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), normalizeLongForms(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(normalizeLongForms(item)));
            return copy;
        }
        if (value instanceof Intrinsic.Function function) {
            return new Intrinsic.Function(function.name(), normalizeLongForms(function.argument()));
        }
        if (value instanceof Intrinsic.Sub sub) {
            @SuppressWarnings("unchecked")
            Map<String, Object> variables = (Map<String, Object>) normalizeLongForms(sub.variables());
            return new Intrinsic.Sub(sub.template(), variables);
        }
        return value;
    }

    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            for (String name : SHORT_TAGS) {
                yamlConstructors.put(new Tag("!" + name), new ConstructIntrinsic(name));
            }
        }

        private final class ConstructIntrinsic extends AbstractConstruct {
            private final String name;

            ConstructIntrinsic(String name) {
                this.name = name;
            }

            @Override
            public Object construct(Node node) {
                Object argument;
                if (node instanceof ScalarNode scalar) {
                    argument = constructScalar(scalar);
                } else if (node instanceof SequenceNode sequence) {
                    argument = constructSequence(sequence);
                } else {
                    argument = constructMapping((MappingNode) node);
                }
                return Intrinsic.of(name, argument);
            }
        }
    }
}
