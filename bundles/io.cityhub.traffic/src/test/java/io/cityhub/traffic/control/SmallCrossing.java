package io.cityhub.traffic.control;

import io.cityhub.traffic.definition.DefinitionException;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.IntersectionLoader;

/** A two-stage crossing with a pedestrian group and a tram priority input, small enough to reason about by hand. */
final class SmallCrossing {

    static final String YAML = """
            name: small-crossing
            heartbeat_output: hb
            startup_flash_s: 5.0
            startup_all_red_s: 3.0
            groups:
              - {name: A, kind: vehicle, red: a.r, amber: a.a, green: a.g, amber_s: 3.0, min_green_s: 5.0,
                 max_green_s: 20.0, min_red_s: 2.0, passage_s: 3.0, recall: RECALL_A}
              - {name: B, kind: public-transport, red: b.r, amber: b.a, green: b.g, amber_s: 3.0, min_green_s: 4.0,
                 max_green_s: 15.0, min_red_s: 2.0, passage_s: 2.0, recall: RECALL_B}
              - {name: P, kind: pedestrian, red: p.r, green: p.g, min_green_s: 5.0, flashing_green_s: 4.0,
                 crossing_length_m: 9.6, min_red_s: 1.0}
            conflicts:
              A: [B, P]
              B: [A]
              P: [A]
            intergreen:
              A: {B: 50, P: 50}
              B: {A: 40}
              P: {A: 20}
            stages:
              - {name: sa, groups: [A]}
              - {name: sb, groups: [B, P]}
            detectors:
              - {name: dA, input: in.a, type: loop, calls: [A], extends: [A]}
              - {name: dB, input: in.b, type: loop, calls: [B], extends: [B], max_presence_s: 60}
              - {name: btnP, input: in.p, type: button, calls: [P], ack_output: p.ack}
            priority:
              - {name: tram, input: in.tram, type: public-transport, group: B, max_extension_s: 10}
            plans:
              - {name: fixed, cycle_s: 45, offset_s: OFFSET, splits_s: {sa: 20, sb: 10}}
            """;

    static final int A = 0;
    static final int B = 1;
    static final int P = 2;

    private SmallCrossing() {
    }

    static IntersectionDefinition load(String recallA, String recallB, String offset) {
        try {
            return new IntersectionLoader().parse(YAML.replace("RECALL_A", recallA).replace("RECALL_B", recallB)
                    .replace("OFFSET", offset), "small-crossing");
        } catch (DefinitionException e) {
            throw new IllegalStateException(e);
        }
    }

    static IntersectionDefinition load() {
        return load("none", "none", "0");
    }
}
