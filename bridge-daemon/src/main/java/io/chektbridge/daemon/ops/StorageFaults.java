package io.chektbridge.daemon.ops;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one owner of the storage alerts ({@link AlertKind#STORAGE_FAILED}, {@link
 * AlertKind#DATABASE_FAILED}, {@link AlertKind#DISK_FULL}). Several parts write under storage.path
 * and each sees its own failures; each reports them here and clears only its own, and an alert
 * stays up while any fault behind it stands: the site state recovering never hides a journal that
 * still cannot write.
 */
public final class StorageFaults {
  /** A part that writes or reads under storage.path, and the alert its fault raises. */
  public enum Part {
    JOURNAL("the journal", AlertKind.STORAGE_FAILED),
    DATABASE_COPY("the copy into the database", AlertKind.DATABASE_FAILED),
    SITE_STATE("the site state", AlertKind.STORAGE_FAILED),
    DATABASE_CHECK("the database check", AlertKind.STORAGE_FAILED);

    private final String label;
    private final AlertKind alert;

    Part(String label, AlertKind alert) {
      this.label = label;
      this.alert = alert;
    }
  }

  /**
   * The words of ENOSPC and EDQUOT: the JDK reports errno in the C locale's words, and H2 keeps the
   * I/O error as the cause of its own.
   */
  private static final String[] NO_SPACE = {"no space left on device", "disk quota exceeded"};

  /**
   * Below this much free space a failure under storage.path is taken for a full disk, whatever its
   * message: H2 closes its store on the write that found no space, and the part that fails next
   * (often another thread's) only hears "database has been closed".
   */
  static final long NEARLY_FULL_BYTES = 1 << 20;

  private final Alerts alerts;
  private final Map<Part, Fault> faults = new EnumMap<>(Part.class);
  private Path storagePath;

  StorageFaults(Alerts alerts) {
    this.alerts = alerts;
  }

  /** The folder every part writes under (storage.path): its free space is read on each failure. */
  public synchronized void writesUnder(Path folder) {
    this.storagePath = folder;
  }

  /**
   * {@code part} failed: {@code detail} is what the installer reads; {@code cause} tells whether
   * the disk is full. A part that ran out of space stays out of space until it recovers: H2 closes
   * its store on the failed write, and its retries then fail with "database closed", not with the
   * disk's words. A failure without those words still counts as a full disk when storage.path has
   * less than {@link #NEARLY_FULL_BYTES} free.
   */
  public synchronized void failed(Part part, String detail, Throwable cause) {
    Fault before = faults.get(part);
    String noSpace = noSpaceMessage(cause);
    if (noSpace == null && before != null) {
      noSpace = before.noSpace();
    }
    if (noSpace == null) {
      noSpace = nearlyFull();
    }
    faults.put(part, new Fault(detail, noSpace));
    publish();
  }

  /** {@code part} works again. */
  public synchronized void recovered(Part part) {
    if (faults.remove(part) != null) {
      publish();
    }
  }

  public synchronized boolean isFailing(Part part) {
    return faults.containsKey(part);
  }

  private void publish() {
    for (AlertKind kind : List.of(AlertKind.STORAGE_FAILED, AlertKind.DATABASE_FAILED)) {
      List<Part> behind = faults.keySet().stream().filter(part -> part.alert == kind).toList();
      show(
          kind,
          behind.size() == 1
              ? faults.get(behind.get(0)).detail()
              : behind.stream()
                  .map(part -> part.label + ": " + faults.get(part).detail())
                  .collect(Collectors.joining("; ")));
    }
    List<Part> full =
        faults.keySet().stream().filter(part -> faults.get(part).noSpace() != null).toList();
    show(
        AlertKind.DISK_FULL,
        full.isEmpty()
            ? ""
            : "no space left under storage.path for "
                + full.stream().map(part -> part.label).collect(Collectors.joining(" and "))
                + " ("
                + faults.get(full.get(0)).noSpace()
                + "); free disk space there (chekt-bridge doctor shows how much is left); the bridge recovers by itself");
  }

  /**
   * Raises {@code kind} with {@code detail}, or clears it when the detail is empty (no fault behind
   * it).
   */
  private void show(AlertKind kind, String detail) {
    if (detail.isEmpty()) {
      alerts.clear(kind);
    } else {
      alerts.raise(kind, detail);
    }
  }

  /** What the free space under storage.path says when it is all but gone, else null. */
  private String nearlyFull() {
    Path existing = storagePath == null ? null : FreeSpace.nearestExisting(storagePath);
    if (existing == null) {
      return null;
    }
    try {
      long free = FreeSpace.usableBytes(existing);
      return free < NEARLY_FULL_BYTES ? (free >> 10) + " KiB free under " + storagePath : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The innermost message in {@code cause}'s chain that says the disk is full (wrappers repeat it),
   * or null.
   */
  static String noSpaceMessage(Throwable cause) {
    String found = null;
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      if (message != null && saysNoSpace(message.toLowerCase(Locale.ROOT))) {
        found = message;
      }
    }
    return found;
  }

  private static boolean saysNoSpace(String message) {
    for (String words : NO_SPACE) {
      if (message.contains(words)) {
        return true;
      }
    }
    return false;
  }

  private record Fault(String detail, String noSpace) {}
}
