package io.chektbridge.daemon.cloud.fake;

import java.time.Instant;

/** The fake's audit record of one arming request, accepted or not (the CHeKT API contract §4.3). */
public record ArmingAudit(
    Instant receivedAt,
    String siteId,
    String partition,
    String body,
    String userId,
    int status,
    String outcome,
    String idempotencyKey) {}
