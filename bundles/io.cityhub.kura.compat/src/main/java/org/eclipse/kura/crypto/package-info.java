/** Kura's crypto package (exported by Kura 5.x at 1.3.0): decrypting Password attributes. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.eclipse.kura.crypto;
