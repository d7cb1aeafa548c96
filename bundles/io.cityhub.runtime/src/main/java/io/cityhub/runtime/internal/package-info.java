/**
 * Standalone-runtime services: the Kura snapshot loader, the framework shutdown hook and the pass-through
 * CryptoService. Not exported; this bundle is never deployed into Kura.
 */
package io.cityhub.runtime.internal;
