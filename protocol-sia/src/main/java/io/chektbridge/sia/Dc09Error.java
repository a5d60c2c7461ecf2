package io.chektbridge.sia;

/**
 * Why a frame was not accepted; {@link #code()} is the stable snake_case name used in logs and
 * JSON.
 */
public enum Dc09Error {
  CRC_MISMATCH("crc_mismatch"),
  LENGTH_MISMATCH("length_mismatch"),
  TIMESTAMP_OUT_OF_WINDOW("timestamp_out_of_window"),
  DECRYPT_FAILED("decrypt_failed"),
  /**
   * A key is configured for the account but the frame came in clear: accepting it would allow
   * spoofing.
   */
  ENCRYPTION_REQUIRED("encryption_required"),
  UNKNOWN_ACCOUNT("unknown_account"),
  UNSUPPORTED_TOKEN("unsupported_token"),
  BAD_CHECKSUM("bad_checksum"),
  MALFORMED("malformed");

  private final String code;

  Dc09Error(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
