/**
 * The technician's web UI: HTTP server, login, status and configuration pages. Not exported.
 */
package io.cityhub.webui.internal;
