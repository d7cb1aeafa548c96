package io.cityhub.traffic.definition;

import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.FailsafeScalarResolver;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * The YAML failsafe schema (every scalar a string, so numbers are parsed exactly by {@link YamlNode}), with null:
 * an empty document, an empty value and a plain {@code ~} or {@code null} (the core schema's spellings) are null,
 * so they read as missing values rather than as the text {@code "~"}. Quoted, {@code "null"} stays text.
 *
 * <p>SnakeYAML Engine's own failsafe schema resolves empty scalars to the null tag but has no constructor for it,
 * so an empty document or value would fail inside the parser with a {@link NullPointerException}.
 */
final class DefinitionSchema implements Schema {

    private static final Pattern NULL = Pattern.compile("^(?:~|null|Null|NULL)$");

    private final ScalarResolver resolver;

    DefinitionSchema() {
        FailsafeScalarResolver r = new FailsafeScalarResolver();
        r.addImplicitResolver(Tag.NULL, NULL, "~nN");
        this.resolver = r;
    }

    @Override
    public ScalarResolver getScalarResolver() {
        return resolver;
    }

    @Override
    public Map<Tag, ConstructNode> getSchemaTagConstructors() {
        return Map.of(Tag.NULL, node -> null);
    }
}
