package io.cityhub.traffic.definition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The cross-checks of a definition: conflict matrix, intergreens, clearance geometry, stages and plans. */
final class DefinitionRules {

    private final List<SignalGroup> groups;
    private final List<String> problems;

    DefinitionRules(List<SignalGroup> groups, List<String> problems) {
        this.groups = groups;
        this.problems = problems;
    }

    List<Integer> groupIndices(String where, List<String> names) {
        List<Integer> out = new ArrayList<>();
        for (String n : names) {
            int i = index(n);
            if (i < 0) {
                problems.add(where + ": unknown group '" + n + "'");
            } else if (!out.contains(i)) {
                out.add(i);
            }
        }
        return out;
    }

    boolean[][] conflicts(Map<String, Object> matrix) {
        int n = groups.size();
        boolean[][] c = new boolean[n][n];
        matrix.forEach((row, value) -> {
            int a = index(row);
            if (a < 0) {
                problems.add("conflicts: unknown group '" + row + "'");
                return;
            }
            if (!(value instanceof List<?> list)) {
                problems.add("conflicts > " + row + ": expected a list of group names, found "
                        + YamlNode.describe(value));
                return;
            }
            for (Object o : list) {
                String col = YamlNode.name(o);
                int b = col == null ? -1 : index(col);
                if (col == null) {
                    problems.add("conflicts > " + row + ": expected group names, found " + YamlNode.describe(o));
                } else if (b < 0) {
                    problems.add("conflicts > " + row + ": unknown group '" + o + "'");
                } else if (a == b) {
                    problems.add("conflicts > " + row + ": a group cannot conflict with itself");
                } else {
                    c[a][b] = true;
                }
            }
        });
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                if (c[a][b] != c[b][a]) {
                    String has = c[a][b] ? name(a) : name(b);
                    String lacks = c[a][b] ? name(b) : name(a);
                    problems.add("conflicts: asymmetric: '" + has + "' conflicts with '" + lacks + "' but '" + lacks
                            + "' does not list '" + has + "'");
                }
            }
        }
        return c;
    }

    int[][] intergreens(YamlNode top, boolean[][] conflicts) {
        int n = groups.size();
        int[][] ig = new int[n][n];
        for (int[] row : ig) {
            java.util.Arrays.fill(row, -1);
        }
        top.mapping("intergreen", "group names").forEach((row, value) -> {
            int a = index(row);
            if (a < 0) {
                problems.add("intergreen: unknown group '" + row + "'");
                return;
            }
            YamlNode r = top.child("intergreen > " + row, value);
            if (value instanceof Map<?, ?> m) {
                m.forEach((key, v) -> {
                    String col = YamlNode.name(key);
                    int b = col == null ? -1 : index(col);
                    String pair = "intergreen " + row + " -> " + col;
                    if (col == null) {
                        problems.add("intergreen > " + row + ": expected group names as keys, found "
                                + YamlNode.describe(key));
                    } else if (b < 0) {
                        problems.add(pair + ": unknown group '" + col + "'");
                    } else if (!conflicts[a][b]) {
                        problems.add(pair + ": groups '" + row + "' and '" + col + "' do not conflict");
                    } else {
                        ig[a][b] = r.integer(pair + " (tenths of a second)", v);
                    }
                });
            }
        });
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (!conflicts[a][b]) {
                    continue;
                }
                if (ig[a][b] < 0) {
                    problems.add("intergreen: conflicting pair '" + name(a) + "' -> '" + name(b)
                            + "' has no intergreen");
                } else if (groups.get(a).kind().isPedestrian() && ig[a][b] == 0) {
                    // a pedestrian intergreen starts after the flashing green, so any positive value keeps order
                    problems.add("intergreen " + name(a) + " -> " + name(b) + ": 0 tenths; expected more than 0");
                } else if (!groups.get(a).kind().isPedestrian() && ig[a][b] < groups.get(a).amber()) {
                    // a vehicle intergreen starts with the amber, which is a go aspect for the conflict rule
                    problems.add("intergreen " + name(a) + " -> " + name(b) + ": " + ig[a][b]
                            + " tenths; expected at least the clearing group's amber (" + groups.get(a).amber()
                            + " tenths)");
                }
            }
        }
        return ig;
    }

    void checkClearances(YamlNode top, boolean[][] conflicts, int[][] ig) {
        top.mapping("clearance", "group names").forEach((row, value) -> {
            int a = index(row);
            if (a < 0) {
                problems.add("clearance: unknown group '" + row + "'");
                return;
            }
            if (!(value instanceof Map<?, ?> m)) {
                problems.add("clearance > " + row + ": expected a mapping from group names, found "
                        + YamlNode.describe(value));
                return;
            }
            m.forEach((key, v) -> {
                String col = YamlNode.name(key);
                int b = col == null ? -1 : index(col);
                String pair = "clearance " + row + " -> " + col;
                if (col == null) {
                    problems.add(
                            "clearance > " + row + ": expected group names as keys, found " + YamlNode.describe(key));
                    return;
                }
                if (b < 0 || !conflicts[a][b]) {
                    problems.add(pair + ": '" + col + "' is not a group conflicting with '" + row + "'");
                    return;
                }
                YamlNode g = top.child(pair, v);
                ClearanceGeometry geo = new ClearanceGeometry(g.decimal("crossing_time_s", false),
                        g.decimal("clearing_distance_m", false), g.decimal("vehicle_length_m", false),
                        g.decimal("clearing_speed_mps", true), g.decimal("entering_distance_m", false),
                        g.decimal("entering_speed_mps", true));
                if (geo.crossingTime() == null
                        || geo.clearingDistance() == null
                        || geo.vehicleLength() == null
                        || geo.clearingSpeed() == null
                        || geo.enteringDistance() == null
                        || geo.enteringSpeed() == null) {
                    return;
                }
                int required = geo.minimumIntergreenTenths();
                if (ig[a][b] >= 0 && ig[a][b] < required) {
                    problems.add("intergreen " + row + " -> " + col + ": " + ig[a][b]
                            + " tenths is below the " + required + " tenths its clearance distances and speeds give"
                            + " (t_z = t_ü + (s0 + l)/v_r − s_e/v_e, rounded up to whole seconds)");
                }
            });
        });
    }

    List<Stage> stages(List<YamlNode> nodes, boolean[][] conflicts) {
        List<Stage> stages = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long covered = 0;
        for (YamlNode n : nodes) {
            String name = n.string("name");
            if (name != null && !names.add(name)) {
                problems.add(n.where() + ": stage name '" + name + "' is used twice");
            }
            List<Integer> members = groupIndices(n.where(), n.strings("groups", true));
            if (members.isEmpty()) {
                problems.add(n.where() + ": stage" + YamlNode.quoted(name) + " has no groups");
            }
            long mask = 0;
            for (int a : members) {
                mask |= 1L << a;
                for (int b : members) {
                    if (a < b && conflicts[a][b]) {
                        problems.add(n.where() + ": stage" + YamlNode.quoted(name) + " holds conflicting groups '"
                                + name(a) + "' and '" + name(b) + "'");
                    }
                }
            }
            covered |= mask;
            stages.add(new Stage(stages.size(), name, List.copyOf(members), mask));
        }
        for (SignalGroup g : groups) {
            if ((covered & (1L << g.index())) == 0 && !stages.isEmpty()) {
                problems.add("stages: group '" + g.name() + "' is in no stage, so it would never get green");
            }
        }
        return stages;
    }

    List<FixedTimePlan> plans(List<YamlNode> nodes, List<Stage> stages, boolean[][] conflicts, int[][] ig) {
        List<FixedTimePlan> plans = new ArrayList<>();
        for (YamlNode n : nodes) {
            String name = n.string("name");
            int cycle = n.tenths("cycle_s");
            int offset = n.optionalTenths("offset_s", 0);
            Map<String, Object> splitMap = n.requiredMapping("splits_s", "stage names");
            List<Integer> splits = new ArrayList<>();
            int total = 0;
            for (Stage s : stages) {
                // without the mapping or the stage's name, that problem is reported already
                boolean given = splitMap != null && s.name() != null && splitMap.containsKey(s.name());
                int split = given ? new YamlNode(n.where(), Collections.singletonMap("splits_s." + s.name(),
                        splitMap.get(s.name())), problems).tenths("splits_s." + s.name()) : -1;
                if (!given && splitMap != null && s.name() != null) {
                    problems.add(n.where() + ": plan" + YamlNode.quoted(name) + " has no split for stage '" + s.name()
                            + "'");
                }
                // groups green in this stage only (not carried over from the previous or into the next stage)
                // must get their minimum green from this split
                Stage previous = stages.get(Math.floorMod(s.index() - 1, stages.size()));
                Stage following = stages.get((s.index() + 1) % stages.size());
                int minGreen = s.groups().stream().filter(g -> !previous.contains(g) && !following.contains(g))
                        .mapToInt(g -> groups.get(g).minGreen()).max().orElse(0);
                if (split >= 0 && split < minGreen) {
                    problems.add(n.where() + ": plan" + YamlNode.quoted(name) + " split of stage '" + s.name() + "' "
                            + split / 10.0 + " s is below the minimum green of its groups, " + minGreen / 10.0 + " s");
                }
                splits.add(split);
                total += Math.max(0, split)
                        + transitionBound(s, stages.get((s.index() + 1) % stages.size()), conflicts, ig);
            }
            if (splitMap != null) {
                splitMap.keySet().stream().filter(k -> stages.stream().noneMatch(s -> k.equals(s.name())))
                        .forEach(k -> problems.add(n.where() + ": plan" + YamlNode.quoted(name)
                                + " has a split for unknown stage '" + k + "'"));
            }
            if (cycle >= 0 && cycle < total) {
                problems.add(n.where() + ": plan" + YamlNode.quoted(name) + " cycle " + cycle / 10.0
                        + " s; expected at least " + total / 10.0 + " s (splits plus the intergreens between stages)");
            }
            if (cycle > 0 && offset >= cycle) {
                problems.add(n.where() + ": plan" + YamlNode.quoted(name) + " offset " + offset / 10.0
                        + " s; expected below the cycle");
            }
            plans.add(new FixedTimePlan(name, cycle, offset, List.copyOf(splits)));
        }
        return plans;
    }

    /**
     * Upper bound on a stage change: the longest intergreen (after any flashing green) from a leaving to an entering
     * group.
     */
    private int transitionBound(Stage from, Stage to, boolean[][] conflicts, int[][] ig) {
        int bound = 0;
        for (int c : from.groups()) {
            if (to.contains(c)) {
                continue;
            }
            for (int g : to.groups()) {
                if (!from.contains(g) && conflicts[c][g]) {
                    // vehicle intergreens run from the start of amber, pedestrian ones from the end of flashing green
                    int clearance = groups.get(c).kind().isPedestrian() ? groups.get(c).clearance() : 0;
                    bound = Math.max(bound, Math.max(ig[c][g], 0) + clearance);
                }
            }
        }
        return bound;
    }

    private int index(String name) {
        for (SignalGroup g : groups) {
            if (g.name().equals(name)) {
                return g.index();
            }
        }
        return -1;
    }

    private String name(int i) {
        return groups.get(i).name();
    }
}
