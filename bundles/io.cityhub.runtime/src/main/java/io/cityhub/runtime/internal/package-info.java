/**
 * Standalone-runtime services: the Kura snapshot loader, the framework shutdown hook and the runtime's
 * CryptoService (Password values reach ConfigurationAdmin encrypted with it). Not exported; this bundle is never
 * deployed into Kura.
 */
package io.cityhub.runtime.internal;
