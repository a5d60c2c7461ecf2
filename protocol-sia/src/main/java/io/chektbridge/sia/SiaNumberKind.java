package io.chektbridge.sia;

/**
 * What the number after a SIA code names: it depends on the code (CL501 is user 501, BA501 zone
 * 501).
 */
public enum SiaNumberKind {
  ZONE,
  USER,
  AREA,
  NONE
}
