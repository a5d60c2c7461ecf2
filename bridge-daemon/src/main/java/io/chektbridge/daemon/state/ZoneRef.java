package io.chektbridge.daemon.state;

/**
 * A zone as the cloud's arming record lists it: {@code {"zone_number":5,"zone_name":"Back
 * Door","status":"open"}}.
 */
public record ZoneRef(int number, String name, String status) {}
