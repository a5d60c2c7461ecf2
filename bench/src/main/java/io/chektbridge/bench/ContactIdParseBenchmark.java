package io.chektbridge.bench;

import io.chektbridge.contactid.ContactIdMessage;
import io.chektbridge.contactid.ContactIdParseException;
import io.chektbridge.contactid.ContactIdParser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Contact ID line parsing on one core (target: 3,000,000 lines/s, the performance targets in
 * README).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ContactIdParseBenchmark {
  /** What a serial reader meets: each line form, spaced and not, an arming and an alarm. */
  private final String[] lines = {
    "1234181131010158",
    "1234 18 3 401 02 501 0",
    "123418113101015",
    "501100 181234E12101001\u0014",
    "Q01100 581234567890R40102005\u0014",
    "#1234|1130 01 015",
    "BC12981602000008\r\n",
    "5011 181234R13001015\u0014",
  };

  private int next;

  @Benchmark
  public ContactIdMessage parseDtmfLine() throws ContactIdParseException {
    return ContactIdParser.parse(lines[0]);
  }

  @Benchmark
  public ContactIdMessage parseAnyMixedLines() throws ContactIdParseException {
    return ContactIdParser.parseAny(lines[next++ & 7]);
  }

  @Benchmark
  public ContactIdMessage parseAdmCidPayload() throws ContactIdParseException {
    return ContactIdParser.parseAdmCidPayload("1234", "1130 01 015");
  }
}
