package io.chektbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {
  @Test
  void readsUserPlusSystemTicksAfterACommandNameWithSpacesAndParentheses() {
    // fields 14 and 15 (utime, stime) are 250 and 50 ticks; the name "(a) b)" would fool a split on
    // ") "
    String stat =
        "4242 ((a) b)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 123 456 789";
    assertThat(ProcessCpu.statSeconds(stat, 100)).isEqualTo(3.0);
  }

  @Test
  void aWindowOverThisProcessSeesTheCpuItBurns() throws Exception {
    ProcessCpu cpu = new ProcessCpu(ProcessHandle.current().pid());
    ProcessCpu.Window w = cpu.start();
    double before = cpu.seconds();
    long spins = 0;
    while (cpu.seconds() - before < 0.05) { // ticks are 10 ms: spin until five have gone by
      spins++;
    }
    ProcessCpu.Use used = w.end();
    assertThat(spins).isPositive();
    assertThat(used.cpuSeconds()).isGreaterThanOrEqualTo(0.05);
    assertThat(used.topThreadsCpuSeconds()).isNotEmpty();
    assertThat(used.toJson(1.0))
        .containsEntry("over_s", 1.0)
        .containsEntry("pct_of_one_core", Math.round(used.cpuSeconds() * 10000) / 100.0);
  }
}
