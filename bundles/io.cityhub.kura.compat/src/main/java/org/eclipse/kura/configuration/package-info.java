/** Kura's configuration package (exported by Kura at 1.2.0): the marker the web UI tracks. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.eclipse.kura.configuration;
