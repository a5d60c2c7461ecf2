package io.chektbridge.daemon.ops;

/**
 * Every alert the bridge raises, with what it tells the installer. The name is what {@code
 * /status}, the status page, {@code chekt-bridge status} and {@code chekt_bridge_alert_active}
 * show, so it never changes once released. Each kind has exactly one owner, the class that knows
 * both when its condition starts and when it ends (named below); the storage kinds are owned by
 * {@link StorageFaults}, to which the journal, the database copy, the site state and the database
 * check report.
 */
public enum AlertKind {
  /** Owner {@code LinkOutages}. */
  PANEL_LINK_DOWN(
      "a configured panel link (serial port, serial device server) cannot be opened; the detail "
          + "names it and why; check the cable, the device path and the service user's permissions",
      false),
  /** Owner {@code LinkSupervisor}. */
  PANEL_LINK_LOST(
      "a panel has been silent longer than its supervision interval; check its communicator and "
          + "network, or raise supervision to its test-report interval plus a margin",
      false),
  /** Owner {@link StorageFaults}. */
  STORAGE_FAILED(
      "panel events cannot be stored (the journal cannot write) or the database cannot be read; "
          + "panels get no ACK and resend; free disk space, or stop and run chekt-bridge storage recover if the "
          + "detail says the database is damaged",
      true),
  /** Owner {@link StorageFaults}. */
  DATABASE_FAILED(
      "panel events are safe in the journal and acknowledged, but cannot be copied into the "
          + "database; the state and the cloud wait for them; check free disk space and permissions",
      false),
  /** Owner {@link StorageFaults}. */
  DISK_FULL(
      "a write under storage.path failed for lack of disk space; free space on that file system "
          + "(chekt-bridge doctor shows it); the bridge recovers by itself",
      false),
  /** Owner {@code OutboxMonitor}. */
  SYNC_LATE("events have waited more than 5 s for the cloud to accept them", false),
  /** Owner {@code CloudSync}. */
  SYNC_FAILED(
      "the cloud did not take an event after every retry of a cycle; it is retried in the background "
          + "and nothing is dropped; check the route to the cloud (chekt-bridge doctor)",
      false),
  /** Owner {@code CloudSync}. */
  AUTH_FAILED(
      "the cloud refused the bridge's credentials; replace the API key (chekt-bridge init --force)",
      false),
  /** Owner {@code CloudSync}. */
  CLOUD_REDIRECT(
      "the cloud answered with a redirect, which is never followed; check cloud.base_url", false),
  /** Owner {@code CloudSync}. */
  PROXY_AUTH_FAILED(
      "the HTTP proxy refused the bridge's proxy credentials; check the proxy settings", false),
  /**
   * Owner {@code CloudSync}; stays until restart: the dead rows stay stored until retried by hand.
   */
  DEAD_LETTER(
      "the cloud refused an event for good; see chekt-bridge outbox list --status dead, fix the cause, "
          + "then chekt-bridge outbox retry",
      false),
  /** Owner {@code OutboxMonitor}. */
  OUTBOX_FULL(
      "the outbox is over its cap; troubles and routine events are set aside (alarms and arming never) "
          + "and go back to the queue by themselves",
      false),
  /** Owner {@code ArmingReconciler}. */
  STATE_DIVERGENCE(
      "the cloud's arming state differs from what the panel last reported; check the panel and the "
          + "CHeKT site for a change made elsewhere",
      false);

  private final String meaning;
  private final boolean failsReadiness;

  AlertKind(String meaning, boolean failsReadiness) {
    this.meaning = meaning;
    this.failsReadiness = failsReadiness;
  }

  /** What the alert tells the installer, and what to do. */
  public String meaning() {
    return meaning;
  }

  /** While active, {@code /readyz} fails and so the systemd watchdog's pings stop. */
  public boolean failsReadiness() {
    return failsReadiness;
  }
}
