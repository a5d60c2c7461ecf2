package io.chektbridge.contactid;

/** What the CCC field of an event code carries. */
public enum NumberKind {
  ZONE,
  USER,
  NONE
}
