package org.eclipse.kura.configuration;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Marker service interface: Kura's ConfigurationService tracks every service that provides it and shows the
 * component's metatype (OCD id = PID) in the web UI. Declares no methods.
 */
@ConsumerType
public interface ConfigurableComponent {
}
