package fr.messagerie.sam;

import java.util.List;
import java.util.Map;

/**
 * A serverless function as the template declares it, Globals applied. {@code environment} holds the unresolved
 * values (intrinsics included) of Globals' variables overridden by the function's own.
 */
public record FunctionDefinition(String logicalId, String handlerClass, String handlerMethod, String codeUri,
                                 int timeoutSeconds, int memorySize, Map<String, Object> environment,
                                 List<HttpRoute> httpRoutes, List<SqsTrigger> sqsTriggers,
                                 TemplateResource resource) {
}
