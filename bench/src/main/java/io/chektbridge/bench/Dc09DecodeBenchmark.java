package io.chektbridge.bench;

import io.chektbridge.sia.Dc09AccountDirectory;
import io.chektbridge.sia.Dc09AccountSettings;
import io.chektbridge.sia.Dc09Decoder;
import io.chektbridge.sia.Dc09Encoder;
import io.chektbridge.sia.Dc09Result;
import io.chektbridge.sia.Dc09Token;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Receiver-side cost of one DC-09 frame: parse, verify, decrypt, decode the events and build the
 * answer bytes. Targets: ≥ 1,000,000 plain and ≥ 300,000 AES-128 frames/s on one core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Dc09DecodeBenchmark {
  private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
  private static final byte[] KEY = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  private Dc09Decoder decoder;
  private byte[] plain;
  private byte[] aes128;

  @Setup
  public void setUp() {
    Dc09AccountSettings plainAccount = Dc09AccountSettings.plain("1234");
    Dc09AccountSettings aesAccount = Dc09AccountSettings.encrypted("5678", KEY);
    decoder =
        new Dc09Decoder(
            Dc09AccountDirectory.of(
                account ->
                    account.equals("1234")
                        ? plainAccount
                        : account.equals("5678") ? aesAccount : null,
                false));
    plain =
        Dc09Encoder.encode(
            Dc09Token.SIA_DCS, "0042", null, "0", "1234", "#1234|Nri1/BA05", List.of(), NOW, null);
    aes128 =
        Dc09Encoder.encode(
            Dc09Token.SIA_DCS, "0043", null, "0", "5678", "#5678|Nri1/BA05", List.of(), NOW, KEY);
    check(decoder.decode(plain, 0, plain.length, NOW));
    check(decoder.decode(aes128, 0, aes128.length, NOW));
  }

  private static void check(Dc09Result result) {
    if (!result.valid() || result.events().size() != 1) {
      throw new IllegalStateException("benchmark frame does not decode: " + result.error());
    }
  }

  @Benchmark
  public Dc09Result plain() {
    return decoder.decode(plain, 0, plain.length, NOW);
  }

  @Benchmark
  public Dc09Result aes128() {
    return decoder.decode(aes128, 0, aes128.length, NOW);
  }
}
