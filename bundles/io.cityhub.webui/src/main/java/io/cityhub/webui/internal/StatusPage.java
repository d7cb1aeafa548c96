package io.cityhub.webui.internal;

import io.cityhub.api.health.HealthContributor;
import io.cityhub.api.health.SensorActivity;
import io.cityhub.api.health.SensorSighting;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The status page: each sensor channel's last reading and its age (silent ones highlighted), then every health
 * section (buffer, uplink, LoRa, CoAP, GPIO, traffic, clock, filter, ingest: whatever the running components
 * contribute), each key with its value.
 */
final class StatusPage {

    private final Supplier<List<HealthContributor>> contributors;
    private final Supplier<List<SensorActivity>> activity;
    private final Clock clock;
    private final Duration silentAfter;

    /**
     * @param contributors the health sections now registered
     * @param activity the sensor trackers now registered (ingest's, normally one)
     * @param clock the gateway clock, for ages
     * @param silentAfter when a sensor counts as silent
     */
    StatusPage(Supplier<List<HealthContributor>> contributors, Supplier<List<SensorActivity>> activity, Clock clock,
            Duration silentAfter) {
        this.contributors = contributors;
        this.activity = activity;
        this.clock = clock;
        this.silentAfter = silentAfter;
    }

    /** @return the page body */
    String body() {
        Instant now = clock.instant();
        StringBuilder html = new StringBuilder(8192);
        html.append("<p>As of ").append(Html.escape(now.toString())).append(". A sensor not heard from for ")
                .append(age(silentAfter)).append(" is marked silent.</p>");
        sensors(html, now);
        List<HealthContributor> sections = new ArrayList<>(contributors.get());
        sections.sort(Comparator.comparing(StatusPage::section));
        for (HealthContributor contributor : sections) {
            String section = section(contributor);
            html.append("<h2>").append(Html.escape(section)).append("</h2>");
            Map<String, Object> health;
            try {
                health = new TreeMap<>(contributor.health());
            } catch (RuntimeException e) {
                // one broken contributor must not take the page down
                html.append("<p class=\"error\">unavailable: ").append(Html.escape(e.toString())).append("</p>");
                continue;
            }
            html.append("<table class=\"health\" id=\"health-").append(Html.escape(section)).append("\">");
            health.forEach((key, value) -> html.append("<tr><th>").append(Html.escape(key)).append("</th><td>")
                    .append(Html.escape(String.valueOf(value))).append("</td></tr>"));
            html.append("</table>");
        }
        return html.toString();
    }

    private void sensors(StringBuilder html, Instant now) {
        List<SensorSighting> sightings = new ArrayList<>();
        for (SensorActivity source : activity.get()) {
            sightings.addAll(source.sightings());
        }
        html.append("<h2>Sensors</h2>");
        if (sightings.isEmpty()) {
            html.append("<p id=\"no-sensors\">No reading has reached the outbox since the gateway started.</p>");
            return;
        }
        html.append("<table id=\"sensors\"><tr><th>Sensor</th><th>Channel</th><th>Last value</th><th>Unit</th>")
                .append("<th>Observed at</th><th>Received</th><th>Readings</th><th>State</th></tr>");
        for (SensorSighting s : sightings) {
            Duration age = Duration.between(s.receivedAt(), now);
            boolean silent = age.compareTo(silentAfter) >= 0;
            html.append(silent ? "<tr class=\"silent\">" : "<tr>")
                    .append("<td>").append(Html.escape(s.sensorId())).append("</td>")
                    .append("<td>").append(Html.escape(s.channel())).append("</td>")
                    .append("<td>").append(Html.escape(s.value())).append("</td>")
                    .append("<td>").append(Html.escape(s.unit())).append("</td>")
                    .append("<td>").append(Html.escape(s.observedAt().toString())).append("</td>")
                    .append("<td>").append(age(age)).append(" ago</td>")
                    .append("<td>").append(s.readings()).append("</td>")
                    .append("<td>").append(silent ? "SILENT" : "ok").append("</td></tr>");
        }
        html.append("</table>");
    }

    private static String section(HealthContributor contributor) {
        try {
            String section = contributor.healthSection();
            return section == null ? "?" : section;
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /**
     * @param age a duration
     * @return it in the two largest units, e.g. {@code 3 min 4 s}
     */
    static String age(Duration age) {
        long seconds = Math.max(0, age.getSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
        return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
    }
}
