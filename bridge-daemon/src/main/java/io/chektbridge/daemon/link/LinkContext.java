package io.chektbridge.daemon.link;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.journal.EventJournal;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.time.HostClock;

/**
 * The daemon pieces every panel link writes through.
 *
 * @param dc09 the DC-09 accounts, keys and windows, which also serve DC-09 frames on serial and TCP
 *     links
 */
public record LinkContext(
    EventJournal journal,
    LinkSupervisor supervisor,
    LinkStats stats,
    LinkOutages outages,
    Metrics metrics,
    HostClock clock,
    BridgeConfig.Dc09 dc09) {}
