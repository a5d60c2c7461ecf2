package io.chektbridge.sia;

/**
 * CRC-16/ARC as DC-09 uses it: polynomial 0x8005 reflected (0xA001), init 0, no final XOR; check
 * value CRC("123456789") = 0xBB3D. Not CCITT, whatever some plugins claim.
 */
public final class Crc16Arc {
  private static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int crc = i;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
      }
      TABLE[i] = crc;
    }
  }

  private Crc16Arc() {}

  public static int compute(byte[] buf, int offset, int length) {
    return update(0, buf, offset, length);
  }

  public static int update(int crc, byte[] buf, int offset, int length) {
    for (int i = offset, end = offset + length; i < end; i++) {
      crc = (crc >>> 8) ^ TABLE[(crc ^ buf[i]) & 0xFF];
    }
    return crc;
  }
}
