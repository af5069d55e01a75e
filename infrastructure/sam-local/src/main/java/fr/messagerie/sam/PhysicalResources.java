package fr.messagerie.sam;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The physical values of every template resource after provisioning, by logical id. */
public final class PhysicalResources {

    private final Map<String, PhysicalResource> byLogicalId;

    PhysicalResources(Map<String, PhysicalResource> byLogicalId) {
        this.byLogicalId = Collections.unmodifiableMap(new LinkedHashMap<>(byLogicalId));
    }

    public PhysicalResource get(String logicalId) {
        PhysicalResource resource = byLogicalId.get(logicalId);
        if (resource == null) {
            throw new TemplateException("No provisioned resource " + logicalId);
        }
        return resource;
    }

    public Map<String, PhysicalResource> all() {
        return byLogicalId;
    }

    public List<PhysicalResource> ofType(String type) {
        return byLogicalId.values().stream().filter(resource -> resource.type().equals(type)).toList();
    }

    /** What {@code !Ref logicalId} gives: table name, queue URL, bucket name, topic ARN... */
    public String ref(String logicalId) {
        return get(logicalId).ref();
    }

    public String tableName(String logicalId) {
        return ref(logicalId);
    }

    public String queueUrl(String logicalId) {
        return ref(logicalId);
    }

    public String queueArn(String logicalId) {
        return get(logicalId).attribute("Arn");
    }

    public String bucketName(String logicalId) {
        return ref(logicalId);
    }
}
