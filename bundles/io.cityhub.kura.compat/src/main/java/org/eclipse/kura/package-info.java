/** Kura's base package (exported by Kura 5.2+ at 1.7.0): its exception type and error codes. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.7.0")
package org.eclipse.kura;
