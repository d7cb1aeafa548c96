package io.cityhub.webui.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapesMarkupAndBothQuotes() {
        assertThat(Html.escape("<script>alert('x')</script>&\"")).isEqualTo(
                "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
    }

    @Test
    void showsControlCharactersInsteadOfPassingThemOn() {
        assertThat(Html.escape("a\u0000b\u001bc\u007fd\u0085e")).isEqualTo("a\\u0000b\\u001Bc\\u007Fd\\u0085e");
    }

    @Test
    void showsBidirectionalOverridesSoTheyCannotReorderText() {
        assertThat(Html.escape("probe\u202Egpj.exe\u2066")).isEqualTo("probe\\u202Egpj.exe\\u2066");
    }

    @Test
    void replacesUnpairedSurrogatesAndKeepsPairs() {
        assertThat(Html.escape("x\uD800y\uDC00z")).isEqualTo("x\uFFFDy\uFFFDz");
        assertThat(Html.escape("rain \uD83C\uDF27")).isEqualTo("rain \uD83C\uDF27");
    }

    @Test
    void keepsTabsNewlinesAndOrdinaryText() {
        assertThat(Html.escape("river\tlevel\r\n2.5 m")).isEqualTo("river\tlevel\r\n2.5 m");
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void aPageEscapesItsTitleAndCarriesTheCsrfTokenInTheLogoutForm() {
        String page = Html.page("<b>", "tech", "tok\"en", "<p>body</p>");

        assertThat(page).contains("<title>&lt;b&gt; - cityhub</title>").contains("<h1>&lt;b&gt;</h1>")
                .contains("name=\"csrf\" value=\"tok&quot;en\"").contains("<p>body</p>");
        assertThat(Html.page("Login", null, null, "")).doesNotContain("logout");
    }
}
