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

/** Contact ID line parsing, one core (target: 3,000,000 lines/s, DESIGN.md §7). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ContactIdParseBenchmark {
  private final String[] lines = {
      "1234181131010158", "1234 18 3 401 02 501 6", "C0FE181602000000A".substring(0, 15) + "0",
      "123418113101015",
  };
  private final String admPayload = "1130 01 015";
  private int next;

  @Benchmark
  public Object parseDtmfLine() throws ContactIdParseException {
    return ContactIdParser.parse(lines[0]);
  }

  @Benchmark
  public Object parseAnyMixed() {
    String line = lines[next++ & 3];
    try {
      return ContactIdParser.parseAny(line);
    } catch (ContactIdParseException e) {
      return e;
    }
  }

  @Benchmark
  public ContactIdMessage parseAdmCidPayload() throws ContactIdParseException {
    return ContactIdParser.parseAdmCidPayload("1234", admPayload);
  }
}
