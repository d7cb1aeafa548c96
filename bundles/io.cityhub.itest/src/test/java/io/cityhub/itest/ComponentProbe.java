package io.cityhub.itest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.LogService;

/**
 * Applies one configuration to a real component through ConfigAdmin and reports what SCR did with it: activated
 * with the value, failed activation (with SCR's failure text), or an error SCR logged for the component (a
 * {@code modified} method that threw). Delayed components are made to activate by getting their service.
 */
final class ComponentProbe implements LogListener, AutoCloseable {

    /**
     * SCR moves through intermediate states while it restarts a component (the new properties on the old instance,
     * a registration before the activation that fails): an outcome counts once it has stayed the same for
     * {@link #SETTLE}.
     */
    private static final class Settled {
        private Outcome last;
        private long since;

        Outcome next(Outcome current) {
            long now = System.nanoTime();
            if (current == null || !current.equals(last)) {
                last = current;
                since = now;
                return null;
            }
            return now - since >= SETTLE.toNanos() ? current : null;
        }
    }

    private static final Duration SETTLE = Duration.ofMillis(700);

    /** A property that changes at every update, so SCR never skips one as unchanged. */
    static final String PROBE = "cityhub.itest.probe";

    /** How long one configuration may take to reach an outcome; a component restart takes well under a second. */
    private static final Duration OUTCOME = Duration.ofSeconds(10);

    /**
     * @param activated whether the component is ACTIVE with the value and SCR logged no error for it
     * @param description what happened, for the failure message
     */
    record Outcome(boolean activated, String description) {
    }

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final LogReaderService logReader;
    private final List<LogEntry> errors = new CopyOnWriteArrayList<>();
    /** Registrations (new instance) and modifications of the probed component's service since the last update. */
    private final List<Integer> serviceEvents = new CopyOnWriteArrayList<>();
    private final ServiceListener serviceListener = event -> serviceEvents.add(event.getType());
    private long probe;

    ComponentProbe(BundleContext context, ServiceComponentRuntime scr, LogReaderService logReader) {
        this.context = context;
        this.scr = scr;
        this.logReader = logReader;
        logReader.addLogListener(this);
    }

    @Override
    @SuppressWarnings("deprecation") // getLevel: the Log 1.3 API, which Equinox keeps
    public void logged(LogEntry entry) {
        if (entry.getLevel() == LogService.LOG_ERROR) {
            errors.add(entry);
        }
    }

    /**
     * Updates the configuration (with a fresh probe counter, so SCR always sees a change) and waits for what SCR
     * made of exactly this update. SCR shows the new properties on the old, still ACTIVE instance before it
     * restarts the component, so "activated" needs a service event after the update: a new registration (the
     * component restarted) or a modification (a {@code modified} method took the value).
     */
    Outcome apply(ComponentDescriptionDTO component, Configuration configuration,
            Dictionary<String, Object> properties, String attribute, Object value) throws Exception {
        long counter = ++probe;
        properties.put(PROBE, counter);
        context.addServiceListener(serviceListener, "(component.name=" + component.name + ")");
        try {
            errors.clear();
            serviceEvents.clear();
            configuration.update(properties);
            Settled settled = new Settled();
            return Awaitility.await().atMost(OUTCOME).pollInterval(Duration.ofMillis(50))
                    .until(() -> settled.next(outcome(component, attribute, value, counter)), Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            return new Outcome(false, "no outcome within " + OUTCOME.toSeconds() + " s (states " + states(component)
                    + ")");
        } finally {
            context.removeServiceListener(serviceListener);
        }
    }

    /** @return whether some configuration of the component is ACTIVE (getting its service activates it) */
    boolean isActive(ComponentDescriptionDTO component) throws InvalidSyntaxException {
        activate(component);
        return scr.getComponentConfigurationDTOs(component).stream()
                .anyMatch(c -> c.state == ComponentConfigurationDTO.ACTIVE);
    }

    private Outcome outcome(ComponentDescriptionDTO component, String attribute, Object value, long counter)
            throws InvalidSyntaxException {
        activate(component);
        for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(component)) {
            if (!Long.valueOf(counter).equals(c.properties.get(PROBE)) || !value.equals(c.properties.get(attribute))) {
                continue;
            }
            if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                String reason = failure(c.failure);
                // SCR shows the new properties on the previous, failed attempt until it retries: wait for a
                // failure that is about this attribute (a timeout reports any other)
                return reason.contains(attribute) ? new Outcome(false, "activation failed: " + reason) : null;
            }
            String error = errorFor(component, attribute);
            if (error != null) {
                return new Outcome(false, "SCR logged an error: " + error);
            }
            boolean restartedOrModified = serviceEvents.contains(ServiceEvent.REGISTERED)
                    || serviceEvents.contains(ServiceEvent.MODIFIED);
            if (c.state == ComponentConfigurationDTO.ACTIVE && restartedOrModified) {
                return new Outcome(true, "it activated");
            }
        }
        return null;
    }

    private void activate(ComponentDescriptionDTO component) throws InvalidSyntaxException {
        if (component.serviceInterfaces.length == 0) {
            return;
        }
        ServiceReference<?>[] references = context.getServiceReferences(component.serviceInterfaces[0],
                "(component.name=" + component.name + ")");
        for (ServiceReference<?> reference : references == null ? new ServiceReference<?>[0] : references) {
            if (context.getService(reference) != null) {
                context.ungetService(reference);
            }
        }
    }

    /** An error SCR logged for the component whose exception names the attribute (the component's own reason). */
    private String errorFor(ComponentDescriptionDTO component, String attribute) {
        for (LogEntry entry : errors) {
            String message = String.valueOf(entry.getMessage());
            String reason = innermost(entry.getException());
            // SCR names the implementation class in its message, not the component name; the component's own
            // exception names its PID and the attribute (the agreed message shape)
            boolean ours = message.contains(component.name) || message.contains(component.implementationClass)
                    || reason.contains(component.configurationPid[0] + ":");
            if (ours && reason.contains("'" + attribute + "'")) {
                return reason;
            }
        }
        return null;
    }

    private static String innermost(Throwable exception) {
        Throwable cause = exception;
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return String.valueOf(cause);
    }

    /** SCR's failure text is a stack trace; the component's own reason is its last "Caused by" line. */
    private static String failure(String text) {
        if (text == null) {
            return "(no failure text)";
        }
        String reason = firstLine(text);
        for (String line : text.split("\n")) {
            if (line.startsWith("Caused by: ")) {
                reason = line.substring("Caused by: ".length()).strip();
            }
        }
        return reason;
    }

    private List<String> states(ComponentDescriptionDTO component) {
        List<String> states = new ArrayList<>();
        for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(component)) {
            states.add(c.state + (c.failure == null ? "" : " " + firstLine(c.failure)));
        }
        return states;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "(no failure text)";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end).strip();
    }

    @Override
    public void close() {
        logReader.removeLogListener(this);
    }
}
