package io.chektbridge.daemon.state;

import java.time.Instant;

/**
 * One line of the audit trail: every transition, rejection and delay expiry, with who and what
 * caused it, so every state the bridge reports can be explained.
 *
 * @param partition the partition, or null for a panel-level entry
 * @param zone the zone for a zone entry, else null
 * @param from state before (partition or zone state wire name, or a trouble kind)
 * @param to state after
 * @param panelEventId the causing panel_event, or null for a timer
 */
public record AuditEntry(
    Instant at,
    Integer partition,
    Integer zone,
    String from,
    String to,
    Integer user,
    ArmingSource source,
    Long panelEventId,
    AuditOutcome outcome,
    String detail) {}
