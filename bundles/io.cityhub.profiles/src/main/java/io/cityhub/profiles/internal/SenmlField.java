package io.cityhub.profiles.internal;

/** The SenML labels this decoder knows (RFC 8428 §4.1, §4.2, §6 table 4). */
enum SenmlField {
    BASE_VERSION, BASE_NAME, BASE_TIME, BASE_UNIT, BASE_VALUE, BASE_SUM,
    NAME, UNIT, VALUE, STRING_VALUE, BOOLEAN_VALUE, SUM, TIME, UPDATE_TIME, DATA_VALUE
}
