package fr.messagerie.support;

import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One line per log record (stack trace appended), so that CloudWatch keeps each record in one event. */
public final class Logs {
    private Logs() {
    }

    public static void init() {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            handler.setFormatter(new OneLine());
        }
        if (root.getHandlers().length == 0) {
            ConsoleHandler handler = new ConsoleHandler();
            handler.setFormatter(new OneLine());
            root.addHandler(handler);
        }
    }

    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder()
                    .append(Instant.ofEpochMilli(record.getMillis())).append(' ')
                    .append(record.getLevel()).append(' ')
                    .append(record.getLoggerName()).append(" - ")
                    .append(formatMessage(record).replace('\n', ' '));
            for (Throwable cause = record.getThrown(); cause != null; cause = cause.getCause()) {
                line.append(cause == record.getThrown() ? " | " : " | caused by ").append(cause);
                for (StackTraceElement frame : cause.getStackTrace()) {
                    line.append(" | at ").append(frame);
                }
            }
            return line.append('\n').toString();
        }
    }
}
