package io.chektbridge.daemon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fazecast.jSerialComm.SerialPort;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serial-ports}: the serial ports jSerialComm sees, to pick {@code receivers.serial[].port}.
 */
@Command(
    name = "serial-ports",
    mixinStandardHelpOptions = true,
    description =
        "List the serial ports this machine has (USB adapters, RS-485 converters, on-board UARTs).")
public final class SerialPortsCommand implements Callable<Integer> {
  @Option(names = "--json", description = "One JSON array instead of a table")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<Map<String, Object>> ports =
        Arrays.stream(SerialPort.getCommPorts())
            .sorted(Comparator.comparing(SerialPort::getSystemPortPath))
            .map(SerialPortsCommand::describe)
            .toList();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(ports));
    } else if (ports.isEmpty()) {
      out.println(
          "No serial ports found. Plug the USB/RS-485 adapter in, then check `dmesg | tail` "
              + "and ls /dev/serial/by-id/ (use that stable path in receivers.serial[].port).");
    } else {
      out.printf("%-24s %-28s %s%n", "PORT", "DESCRIPTION", "LOCATION");
      ports.forEach(
          p ->
              out.printf(
                  "%-24s %-28s %s%n", p.get("port"), p.get("description"), p.get("location")));
    }
    return Main.OK;
  }

  private static Map<String, Object> describe(SerialPort p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("port", p.getSystemPortPath());
    m.put("description", p.getPortDescription());
    m.put("location", p.getPortLocation());
    m.put("serial_number", emptyToNull(p.getSerialNumber()));
    return m;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isBlank() || "Unknown".equals(s) ? null : s;
  }
}
