package io.cityhub.webui.internal;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * A metatype built in a test: attribute definitions whose {@link AttributeDefinition#validate} checks the type and
 * an optional numeric range, as the MetaTypeService's implementation does.
 */
final class TestMetatype implements ObjectClassDefinition {

    private final String id;
    private final List<Ad> ads = new ArrayList<>();

    TestMetatype(String id) {
        this.id = id;
    }

    TestMetatype with(Ad ad) {
        ads.add(ad);
        return this;
    }

    static Ad ad(String id, int type) {
        return new Ad(id, type);
    }

    @Override
    public String getName() {
        return "Test " + id;
    }

    @Override
    public String getID() {
        return id;
    }

    @Override
    public String getDescription() {
        return "A <test> component";
    }

    @Override
    public AttributeDefinition[] getAttributeDefinitions(int filter) {
        return ads.stream().filter(ad -> filter == ALL || (filter == REQUIRED) == ad.required)
                .toArray(AttributeDefinition[]::new);
    }

    @Override
    public InputStream getIcon(int size) {
        return null;
    }

    /** One attribute. */
    static final class Ad implements AttributeDefinition {
        private final String id;
        private final int type;
        private int cardinality;
        private boolean required = true;
        private Long min;
        private Long max;
        private String[] options;
        private String[] defaults;

        Ad(String id, int type) {
            this.id = id;
            this.type = type;
        }

        Ad optional() {
            required = false;
            return this;
        }

        Ad range(long low, long high) {
            min = low;
            max = high;
            return this;
        }

        Ad options(String... values) {
            options = values;
            return this;
        }

        Ad cardinality(int n) {
            cardinality = n;
            return this;
        }

        Ad defaults(String... values) {
            defaults = values;
            return this;
        }

        @Override
        public String getName() {
            return "Name of " + id;
        }

        @Override
        public String getID() {
            return id;
        }

        @Override
        public String getDescription() {
            return "About " + id;
        }

        @Override
        public int getCardinality() {
            return cardinality;
        }

        @Override
        public int getType() {
            return type;
        }

        @Override
        public String[] getOptionValues() {
            return options;
        }

        @Override
        public String[] getOptionLabels() {
            return options;
        }

        @Override
        public String validate(String value) {
            String one = value.replace("\\,", ",");
            if (type == INTEGER || type == LONG) {
                long number;
                try {
                    number = Long.parseLong(one.strip());
                } catch (NumberFormatException e) {
                    return "not a number";
                }
                if (min != null && number < min || max != null && number > max) {
                    return "out of range [" + min + ", " + max + "]";
                }
            }
            return "";
        }

        @Override
        public String[] getDefaultValue() {
            return defaults;
        }
    }
}
