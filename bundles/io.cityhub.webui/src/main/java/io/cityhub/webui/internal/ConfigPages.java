package io.cityhub.webui.internal;

import io.cityhub.webui.internal.ConfigCatalog.Entry;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration pages: the list of cityhub components, a form per component (singleton or factory instance),
 * adding and deleting factory instances. Changes go to ConfigurationAdmin as Kura's ConfigurationService makes
 * them: Password values encrypted, factory instances named (CM 1.6 named factory configurations, the name also as
 * {@code kura.service.pid}, as the snapshot loader creates them), location {@code "?"}.
 */
final class ConfigPages {

    /** Said on every form: where a change goes, so a technician knows it survives a reboot and where to look. */
    static final String KEPT_OVER_RESTART = "A saved change applies now and is kept over a restart: within seconds the"
            + " runtime writes the configuration to a new snapshot in its data directory (snapshots/), which the next"
            + " start loads.";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigPages.class);
    static final String KURA_SERVICE_PID = "kura.service.pid";
    private static final String ANY_LOCATION = "?";
    /** Kura shows an instance under the part after the last dot, so names have none. */
    private static final Pattern INSTANCE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final ConfigCatalog catalog;
    private final ConfigurationAdmin configurationAdmin;
    private final MetatypeForm.Sealer sealer;

    ConfigPages(ConfigCatalog catalog, ConfigurationAdmin configurationAdmin, MetatypeForm.Sealer sealer) {
        this.catalog = catalog;
        this.configurationAdmin = configurationAdmin;
        this.sealer = sealer;
    }

    /** @return the list of components and factory instances */
    Response list(String csrf) throws IOException {
        StringBuilder html = new StringBuilder("<h2>Components</h2><table id=\"components\">"
                + "<tr><th>Component</th><th>PID</th></tr>");
        List<Entry> entries = catalog.entries();
        for (Entry entry : entries) {
            if (!entry.factory()) {
                html.append("<tr><td><a href=\"").append(editLink(entry.pid())).append("\">")
                        .append(Html.escape(entry.ocd().getName())).append("</a></td><td>")
                        .append(Html.escape(entry.pid())).append("</td></tr>");
            }
        }
        html.append("</table><h2>Per-device components</h2>");
        for (Entry entry : entries) {
            if (!entry.factory()) {
                continue;
            }
            html.append("<h3>").append(Html.escape(entry.ocd().getName())).append(" <code>")
                    .append(Html.escape(entry.pid())).append("</code></h3><table class=\"instances\">");
            for (Configuration instance : instances(entry.pid())) {
                html.append("<tr><td><a href=\"").append(editLink(instance.getPid())).append("\">")
                        .append(Html.escape(instanceName(instance))).append("</a></td><td>")
                        .append("<form method=\"post\" action=\"/config/delete\">").append(Html.csrfField(csrf))
                        .append("<input type=\"hidden\" name=\"pid\" value=\"").append(Html.escape(instance.getPid()))
                        .append("\"><button type=\"submit\">Delete</button></form></td></tr>");
            }
            html.append("</table><p><a href=\"/config/new?factoryPid=")
                    .append(Html.escape(URLEncoder.encode(entry.pid(), StandardCharsets.UTF_8)))
                    .append("\">Add ").append(Html.escape(entry.ocd().getName())).append("</a></p>");
        }
        return new Response.Page(200, "Configuration", html.toString());
    }

    /** @return the form of a component, or 404 */
    Response edit(String pid, boolean saved, String csrf) throws IOException {
        Optional<Target> target = target(pid);
        if (target.isEmpty()) {
            return notFound(pid);
        }
        return form(target.get(), null, Map.of(), saved ? "Saved." : null, csrf);
    }

    /** Validates and stores a component's form; shows it again with the reasons if it is refused. */
    Response save(Map<String, List<String>> form, String csrf) throws IOException {
        String pid = first(form, "pid");
        Optional<Target> found = target(pid);
        if (found.isEmpty()) {
            return notFound(pid);
        }
        Target target = found.get();
        MetatypeForm.Result result = MetatypeForm.parse(target.entry().ocd(), form, target.properties(), sealer);
        if (!result.valid()) {
            return form(target, form, result.errors(), null, csrf);
        }
        Configuration configuration = target.configuration() != null ? target.configuration()
                : configurationAdmin.getConfiguration(pid, ANY_LOCATION);
        Hashtable<String, Object> properties = new Hashtable<>(target.properties());
        properties.putIfAbsent(KURA_SERVICE_PID, pid);
        apply(properties, result.values());
        configuration.update(properties);
        LOG.info("web UI: configuration {} changed", pid);
        return new Response.Redirect(editLink(pid) + "&saved=1");
    }

    /** @return the form for a new instance of a factory, or 404 */
    Response create(String factoryPid, String csrf) {
        Optional<Entry> entry = catalog.find(factoryPid).filter(Entry::factory);
        if (entry.isEmpty()) {
            return notFound(factoryPid);
        }
        return newForm(entry.get(), null, null, Map.of(), csrf);
    }

    /** Validates and creates a factory instance. */
    Response add(Map<String, List<String>> form, String csrf) throws IOException {
        String factoryPid = first(form, "factoryPid");
        Optional<Entry> found = catalog.find(factoryPid).filter(Entry::factory);
        if (found.isEmpty()) {
            return notFound(factoryPid);
        }
        Entry entry = found.get();
        String name = first(form, "name");
        String nameError = null;
        if (!INSTANCE_NAME.matcher(name).matches()) {
            nameError = "a name of 1 to 64 letters, digits, '_' or '-' (no dots)";
        } else if (find(factoryPid + "~" + name) != null) {
            nameError = "an instance named '" + name + "' exists already";
        }
        MetatypeForm.Result result = MetatypeForm.parse(entry.ocd(), form, Map.of(), sealer);
        if (nameError != null || !result.valid()) {
            return newForm(entry, name, form, result.errors(), csrf, nameError);
        }
        Configuration configuration = configurationAdmin.getFactoryConfiguration(factoryPid, name, ANY_LOCATION);
        Hashtable<String, Object> properties = new Hashtable<>();
        apply(properties, result.values());
        properties.put(KURA_SERVICE_PID, name);
        configuration.update(properties);
        LOG.info("web UI: {} instance {} added", factoryPid, name);
        return new Response.Redirect(editLink(configuration.getPid()) + "&saved=1");
    }

    /** Deletes a factory instance; singletons cannot be deleted. */
    Response delete(Map<String, List<String>> form) throws IOException {
        String pid = first(form, "pid");
        Optional<Target> target = target(pid);
        if (target.isEmpty() || target.get().configuration() == null || !target.get().entry().factory()) {
            return notFound(pid);
        }
        target.get().configuration().delete();
        LOG.info("web UI: configuration {} deleted", pid);
        return new Response.Redirect("/config");
    }

    private Response form(Target target, Map<String, List<String>> submitted, Map<String, String> errors,
            String message, String csrf) {
        Entry entry = target.entry();
        StringBuilder html = new StringBuilder();
        html.append("<p>PID <code>").append(Html.escape(target.pid())).append("</code>");
        if (entry.factory()) {
            html.append(", instance of <code>").append(Html.escape(entry.pid())).append("</code>");
        }
        html.append("</p>");
        if (entry.ocd().getDescription() != null) {
            html.append("<p class=\"help\">").append(Html.escape(entry.ocd().getDescription())).append("</p>");
        }
        if (message != null) {
            html.append("<p class=\"saved\" id=\"saved\">").append(Html.escape(message)).append("</p>");
        }
        if (!errors.isEmpty()) {
            html.append("<p class=\"error\" id=\"refused\">Not saved: correct the fields marked below.</p>");
        }
        html.append("<form method=\"post\" action=\"/config/edit\">").append(Html.csrfField(csrf))
                .append("<input type=\"hidden\" name=\"pid\" value=\"").append(Html.escape(target.pid())).append("\">")
                .append(MetatypeForm.render(entry.ocd(), target.properties(), submitted, errors))
                .append("<p><button type=\"submit\" id=\"save\">Save</button></p></form>")
                .append("<p class=\"help\" id=\"kept-over-restart\">").append(KEPT_OVER_RESTART).append("</p>");
        return new Response.Page(errors.isEmpty() ? 200 : 400, entry.ocd().getName(), html.toString());
    }

    private Response newForm(Entry entry, String name, Map<String, List<String>> submitted,
            Map<String, String> errors, String csrf) {
        return newForm(entry, name, submitted, errors, csrf, null);
    }

    private Response newForm(Entry entry, String name, Map<String, List<String>> submitted,
            Map<String, String> errors, String csrf, String nameError) {
        boolean refused = nameError != null || !errors.isEmpty();
        StringBuilder html = new StringBuilder();
        if (refused) {
            html.append("<p class=\"error\" id=\"refused\">Not added: correct the fields marked below.</p>");
        }
        html.append("<form method=\"post\" action=\"/config/new\">").append(Html.csrfField(csrf))
                .append("<input type=\"hidden\" name=\"factoryPid\" value=\"").append(Html.escape(entry.pid()))
                .append("\"><div class=\"field\"><label for=\"instance-name\">Name *</label>")
                .append("<input type=\"text\" name=\"name\" id=\"instance-name\" required value=\"")
                .append(Html.escape(name == null ? "" : name)).append("\">")
                .append("<div class=\"help\">The instance's name (kura.service.pid): letters, digits, '_', '-'.</div>");
        if (nameError != null) {
            html.append("<div class=\"error\" id=\"error-name\">").append(Html.escape(nameError)).append("</div>");
        }
        html.append("</div>")
                .append(MetatypeForm.render(entry.ocd(), MetatypeForm.defaults(entry.ocd()), submitted, errors))
                .append("<p><button type=\"submit\" id=\"save\">Add</button></p></form>");
        return new Response.Page(refused ? 400 : 200, "New " + entry.ocd().getName(), html.toString());
    }

    private static void apply(Hashtable<String, Object> properties, Map<String, Object> values) {
        values.forEach((key, value) -> {
            if (value == null) {
                properties.remove(key);
            } else {
                properties.put(key, value);
            }
        });
    }

    /** A configurable thing with what ConfigurationAdmin holds for it. */
    private record Target(String pid, Entry entry, Configuration configuration, Map<String, Object> properties) {
    }

    private Optional<Target> target(String pid) throws IOException {
        if (pid == null || pid.isEmpty()) {
            return Optional.empty();
        }
        Configuration configuration = find(pid);
        Optional<Entry> singleton = catalog.find(pid).filter(e -> !e.factory());
        if (singleton.isPresent()) {
            return Optional.of(new Target(pid, singleton.get(), configuration,
                    properties(singleton.get(), configuration)));
        }
        if (configuration == null || configuration.getFactoryPid() == null) {
            return Optional.empty();
        }
        return catalog.find(configuration.getFactoryPid()).filter(Entry::factory)
                .map(e -> new Target(pid, e, configuration, properties(e, configuration)));
    }

    private Configuration find(String pid) throws IOException {
        Configuration[] found = query("(" + Constants.SERVICE_PID + "=" + ldap(pid) + ")");
        return found.length == 0 ? null : found[0];
    }

    private Configuration[] instances(String factoryPid) throws IOException {
        Configuration[] found = query("(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + ldap(factoryPid) + ")");
        Arrays.sort(found, Comparator.comparing(Configuration::getPid));
        return found;
    }

    private Configuration[] query(String filter) throws IOException {
        try {
            Configuration[] found = configurationAdmin.listConfigurations(filter);
            return found == null ? new Configuration[0] : found;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("filter " + filter + " is malformed", e);
        }
    }

    /**
     * What a component runs with: the stored properties over the metatype defaults (a snapshot may leave attributes
     * out, and the component then uses their defaults; the form shows those rather than empty fields).
     */
    private static Map<String, Object> properties(Entry entry, Configuration configuration) {
        Map<String, Object> map = new HashMap<>(MetatypeForm.defaults(entry.ocd()));
        if (configuration == null) {
            return map;
        }
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties != null) {
            for (String key : Collections.list(properties.keys())) {
                map.put(key, properties.get(key));
            }
        }
        return map;
    }

    private static String instanceName(Configuration instance) {
        Dictionary<String, Object> properties = instance.getProperties();
        Object name = properties == null ? null : properties.get(KURA_SERVICE_PID);
        return name == null ? instance.getPid() : String.valueOf(name);
    }

    /** Escapes the characters an LDAP filter value gives a meaning to (RFC 4515). */
    static String ldap(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String editLink(String pid) {
        return "/config/edit?pid=" + Html.escape(URLEncoder.encode(pid, StandardCharsets.UTF_8));
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    private static Response notFound(String pid) {
        return new Response.Page(404, "Not found", "<p class=\"error\">No cityhub component <code>"
                + Html.escape(pid) + "</code>.</p><p><a href=\"/config\">All components</a></p>");
    }
}
