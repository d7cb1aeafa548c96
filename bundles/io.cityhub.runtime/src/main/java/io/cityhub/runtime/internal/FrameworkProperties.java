package io.cityhub.runtime.internal;

import org.eclipse.osgi.service.environment.EnvironmentInfo;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** Sets a framework property at run time through Equinox's EnvironmentInfo service, where there is one. */
final class FrameworkProperties {

    private FrameworkProperties() {
    }

    /**
     * @param context a bundle context
     * @param key the property
     * @param value its value
     * @return true if set; false if the framework is not Equinox (the optional import is not wired)
     */
    static boolean set(BundleContext context, String key, String value) {
        try {
            return setWithEquinox(context, key, value);
        } catch (NoClassDefFoundError e) {
            return false; // org.eclipse.osgi.service.environment is an optional import: not Equinox
        }
    }

    private static boolean setWithEquinox(BundleContext context, String key, String value) {
        ServiceReference<EnvironmentInfo> reference = context.getServiceReference(EnvironmentInfo.class);
        if (reference == null) {
            return false;
        }
        EnvironmentInfo environment = context.getService(reference);
        try {
            if (environment == null) {
                return false;
            }
            environment.setProperty(key, value);
            return true;
        } finally {
            context.ungetService(reference);
        }
    }
}
