/**
 * Edge filters as pure functions over a value, its time and an explicit immutable state: range check, unit
 * conversion, outlier rejection (Hampel), deadband with heartbeat, minimum interval and tumbling-window aggregation.
 * Private to the bundle; ingest reaches them through {@code io.cityhub.api.filter.ReadingFilter}.
 */
package io.cityhub.filter;
