/**
 * Digital inputs the gateway reads (loop detectors, push buttons, door contacts), offered as services so a consumer
 * such as the traffic controller selects them by id and hears their debounced changes without seeing the hardware
 * library behind them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cityhub.api.input;
