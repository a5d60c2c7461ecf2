package io.chektbridge.sia;

/** What the receiver answers a frame with; NONE is silence (nothing to answer to). */
public enum Dc09Response {
  ACK,
  NAK,
  DUH,
  NONE
}
