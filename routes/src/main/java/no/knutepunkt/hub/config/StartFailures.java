package no.knutepunkt.hub.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * A hub that cannot start says why in one line: a bad {@code knutepunkt.*} value names the property, the value and
 * the rule ({@code knutepunkt.intake.max-backlog = -1: must be greater than or equal to 0}), and the hub's own checks
 * at start (a member registry line, a routing entry) give their message, instead of Spring's multi-line report or a
 * stack trace. Registered in {@code META-INF/spring.factories}; Spring's own reporter is silenced in
 * {@code application.yml}.
 */
public final class StartFailures {
    private static final Logger log = LoggerFactory.getLogger("no.knutepunkt.hub.Start");

    private StartFailures() {
    }

    /** The hub's own refusals at start: an {@link IllegalStateException} whose message names a setting or file. */
    public static final class Analyzer implements FailureAnalyzer {
        @Override
        public FailureAnalysis analyze(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof BindException || t instanceof BindValidationException) {
                    return null;
                }
                if (t instanceof IllegalStateException || t.getClass().getName().startsWith("no.knutepunkt.")) {
                    String message = t.getMessage();
                    if (message != null && !message.isBlank() && ours(t)) {
                        return new FailureAnalysis(message, null, t);
                    }
                }
            }
            return null;
        }

        private static boolean ours(Throwable t) {
            StackTraceElement[] trace = t.getStackTrace();
            return trace.length > 0 && trace[0].getClassName().startsWith("no.knutepunkt.")
                    || t.getClass().getName().startsWith("no.knutepunkt.");
        }
    }

    /** Logs each problem of a failed start as one ERROR line. */
    public static final class Reporter implements FailureAnalysisReporter {
        @Override
        public void report(FailureAnalysis analysis) {
            for (String line : lines(analysis)) {
                log.error("Knutepunkt cannot start: {}", line);
            }
        }
    }

    /** What went wrong, a line per problem. */
    static List<String> lines(FailureAnalysis analysis) {
        List<String> lines = new ArrayList<>();
        for (Throwable t = analysis.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindValidationException invalid) {
                ConfigurationPropertyName prefix = invalid.getValidationErrors().getName();
                for (ObjectError error : invalid.getValidationErrors().getAllErrors()) {
                    if (error instanceof FieldError field) {
                        lines.add(prefix + "." + dashed(field.getField()) + " = " + shown(field.getRejectedValue())
                                + ": " + field.getDefaultMessage());
                    } else {
                        lines.add(prefix + ": " + error.getDefaultMessage());
                    }
                }
                return lines;
            }
            if (t instanceof BindException bind) {
                Throwable reason = bind.getCause();
                while (reason != null && reason.getCause() != null && reason.getCause() != reason) {
                    reason = reason.getCause();
                }
                String value = bind.getProperty() == null ? "" : " = " + shown(bind.getProperty().getValue());
                lines.add(bind.getName() + value + ": " + (reason == null ? "cannot be bound"
                        : reason.getMessage() == null ? reason.getClass().getSimpleName() : reason.getMessage()));
                return lines;
            }
        }
        lines.add(oneLine(analysis.getDescription()));
        return lines;
    }

    private static String shown(Object value) {
        return value == null ? "(none)" : "'" + value + "'";
    }

    private static String oneLine(String text) {
        return text == null ? "(no reason given)" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String dashed(String field) {
        StringBuilder b = new StringBuilder();
        for (char c : field.toCharArray()) {
            if (Character.isUpperCase(c)) {
                b.append('-').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }
}
