package io.cityhub.traffic.definition;

/**
 * A priority request input (public transport check-in, emergency vehicle). The request is active while the input
 * is on; it never shortens a minimum green, an amber, an intergreen or a pedestrian clearance.
 *
 * @param name the input's name
 * @param input input id
 * @param emergency true for emergency vehicles, false for public transport
 * @param group index of the group the vehicle needs green
 * @param maxExtension how far (tenths) a request may hold the group's green beyond its maximum green
 */
public record PriorityInput(String name, String input, boolean emergency, int group, int maxExtension) {
}
