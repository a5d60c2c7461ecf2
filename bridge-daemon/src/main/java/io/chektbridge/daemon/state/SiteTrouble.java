package io.chektbridge.daemon.state;

import java.time.Instant;

/**
 * A panel-level trouble that is active (AC loss, battery, communication, bell, panel link lost...).
 */
public record SiteTrouble(String kind, Instant since, long panelEventId) {}
