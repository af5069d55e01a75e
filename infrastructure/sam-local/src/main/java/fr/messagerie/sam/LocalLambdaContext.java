package fr.messagerie.sam;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The Lambda context of one local invocation; the function's log lines go to SLF4J logger "lambda.FunctionId". */
final class LocalLambdaContext implements Context {

    private final String requestId = UUID.randomUUID().toString();
    private final String functionId;
    private final String functionName;
    private final String functionArn;
    private final int memoryLimitInMb;
    private final long deadlineMillis;
    private final LambdaLogger logger;

    LocalLambdaContext(String functionId, String functionName, String functionArn, int memoryLimitInMb,
                       int timeoutSeconds) {
        this.functionId = functionId;
        this.functionName = functionName;
        this.functionArn = functionArn;
        this.memoryLimitInMb = memoryLimitInMb;
        this.deadlineMillis = System.currentTimeMillis() + timeoutSeconds * 1000L;
        Logger log = LoggerFactory.getLogger("lambda." + functionId);
        this.logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                log.info(message);
            }

            @Override
            public void log(byte[] message) {
                log.info(new String(message, StandardCharsets.UTF_8));
            }
        };
    }

    String functionId() {
        return functionId;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local/[$LATEST]" + requestId.replace("-", "");
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryLimitInMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }
}
