package io.cityhub.webui.internal;

import static io.cityhub.webui.internal.TestMetatype.ad;
import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.testing.InMemoryConfigurationAdmin;
import io.cityhub.webui.internal.ConfigCatalog.Entry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;

class ConfigPagesTest {

    private static final String SINGLETON = "io.cityhub.test.Server";
    private static final String FACTORY = "io.cityhub.test.Device";

    private final TestMetatype server = new TestMetatype(SINGLETON)
            .with(ad("port", AttributeDefinition.INTEGER).range(1, 65535).defaults("5683"))
            .with(ad("password", AttributeDefinition.PASSWORD).optional());
    private final TestMetatype device = new TestMetatype(FACTORY)
            .with(ad("pin", AttributeDefinition.INTEGER).range(0, 27));
    private final InMemoryConfigurationAdmin configurationAdmin = new InMemoryConfigurationAdmin();
    private final List<String> sealed = new ArrayList<>();
    private final ConfigPages pages = new ConfigPages(
            () -> List.of(new Entry(FACTORY, true, device), new Entry(SINGLETON, false, server)),
            configurationAdmin, plain -> {
                sealed.add(plain);
                return "ENC" + sealed.size();
            });

    private static Map<String, List<String>> form(String... pairs) {
        Map<String, List<String>> form = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.computeIfAbsent(pairs[i], k -> new ArrayList<>()).add(pairs[i + 1]);
        }
        return form;
    }

    @Test
    void refusesPidsThatAreNotCityhubComponents() throws Exception {
        configurationAdmin.getConfiguration("org.example.Other", "?").update(new Hashtable<>(Map.of("a", 1)));

        assertThat(((Response.Page) pages.edit("org.example.Other", false, "t")).status()).isEqualTo(404);
        assertThat(((Response.Page) pages.save(form("pid", "org.example.Other", "ad.a", "2"), "t")).status())
                .isEqualTo(404);
        assertThat(((Response.Page) pages.delete(form("pid", SINGLETON))).status()).as("singletons stay")
                .isEqualTo(404);
        assertThat(configurationAdmin.stored("org.example.Other").get("a")).isEqualTo(1);
    }

    @Test
    void aRefusedValueIsNotStoredAndTheFormComesBackWithTheReason() throws Exception {
        Response response = pages.save(form("pid", SINGLETON, "ad.port", "0"), "tok");

        assertThat(response).isInstanceOf(Response.Page.class);
        Response.Page page = (Response.Page) response;
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("id=\"error-port\"").contains("out of range").contains("value=\"0\"")
                .contains("name=\"csrf\" value=\"tok\"");
        assertThat(configurationAdmin.stored(SINGLETON)).isNull();
    }

    @Test
    void aSingletonWithoutConfigurationShowsItsDefaultsAndIsCreatedOnSave() throws Exception {
        assertThat(((Response.Page) pages.edit(SINGLETON, false, "t")).body()).contains("value=\"5683\"")
                .contains("id=\"kept-over-restart\"").contains("is kept over a restart")
                .doesNotContain("lasts until");

        Response response = pages.save(form("pid", SINGLETON, "ad.port", "5684", "ad.password", "s3cret"), "t");

        assertThat(response).isEqualTo(new Response.Redirect("/config/edit?pid=io.cityhub.test.Server&saved=1"));
        assertThat(configurationAdmin.stored(SINGLETON)).isEqualTo(new Hashtable<>(Map.of("port", 5684,
                "password", "ENC1", "kura.service.pid", SINGLETON)));
        assertThat(((Response.Page) pages.edit(SINGLETON, true, "t")).body()).contains("Saved.")
                .contains("value=\"5684\"").doesNotContain("ENC1").doesNotContain("s3cret");
    }

    @Test
    void anEmptyPasswordFieldKeepsTheStoredCiphertext() throws Exception {
        pages.save(form("pid", SINGLETON, "ad.port", "5684", "ad.password", "s3cret"), "t");

        pages.save(form("pid", SINGLETON, "ad.port", "5685", "ad.password", ""), "t");

        assertThat(configurationAdmin.stored(SINGLETON).get("password")).isEqualTo("ENC1");
        assertThat(configurationAdmin.stored(SINGLETON).get("port")).isEqualTo(5685);
        assertThat(sealed).containsExactly("s3cret");
    }

    @Test
    void addsANamedFactoryInstanceListsItAndDeletesIt() throws Exception {
        assertThat(((Response.Page) pages.add(form("factoryPid", FACTORY, "name", "door.1", "ad.pin", "17"), "t"))
                .body()).contains("no dots");
        assertThat(((Response.Page) pages.add(form("factoryPid", FACTORY, "name", "door-1", "ad.pin", "99"), "t"))
                .body()).contains("id=\"error-pin\"");

        Response added = pages.add(form("factoryPid", FACTORY, "name", "door-1", "ad.pin", "17"), "t");

        assertThat(added).isEqualTo(new Response.Redirect("/config/edit?pid=io.cityhub.test.Device%7Edoor-1&saved=1"));
        assertThat(configurationAdmin.stored(FACTORY + "~door-1")).isEqualTo(new Hashtable<>(Map.of("pin", 17,
                "kura.service.pid", "door-1")));
        assertThat(((Response.Page) pages.add(form("factoryPid", FACTORY, "name", "door-1", "ad.pin", "4"), "t"))
                .body()).contains("exists already");
        assertThat(((Response.Page) pages.list("t")).body()).contains(">door-1</a>")
                .contains("/config/new?factoryPid=io.cityhub.test.Device");

        assertThat(pages.delete(form("pid", FACTORY + "~door-1"))).isEqualTo(new Response.Redirect("/config"));
        assertThat(configurationAdmin.stored(FACTORY + "~door-1")).isNull();
    }
}
