package io.chektbridge.daemon.link.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.contactid.ContactIdFormatter;
import io.chektbridge.daemon.cli.Main;
import io.chektbridge.daemon.testing.LinkTestBed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code decode} and a Contact ID panel link apply one rule to a bare line: what the link ACKs,
 * {@code decode} calls valid Contact ID with the same account and event, and what the link NAKs as
 * broken Contact ID, {@code decode} refuses with the same reason. Only a line that cannot be
 * Contact ID at all is read by {@code decode} as a SIA block (and NAKed by a Contact ID link).
 */
class BareLineAgreementTest {
  @TempDir static Path dir;

  private static LinkTestBed bed;
  private static TcpLinks links;

  @BeforeAll
  static void start() throws Exception {
    bed =
        new LinkTestBed(
            dir,
            """
                tcp_links:
                  - name: cid
                    transport: tcp-server
                    address: 127.0.0.1:0
                    ack: OK
                    nak: NO
            """);
    links =
        bed.own(TcpLinks.start(bed.config.receivers().tcpLinks(), bed.context(), LinkTestBed.FAST));
  }

  @AfterAll
  static void stop() throws Exception {
    bed.close();
  }

  @ParameterizedTest(name = "{0} -> link {1}, decode {2}")
  @CsvSource(
      delimiter = ';',
      ignoreLeadingAndTrailingWhitespace = true,
      textBlock =
          """
      '#1234|1401 01 003';       OK;  contactid
      '1234|1401 01 003';        OK;  contactid
      '#10064|1602 00 000';      OK;  contactid
      '10064|1130 02 015';       OK;  contactid
      '#1234|140101003';         OK;  contactid
      '1234 18 1 130 01 015';    OK;  contactid
      'CHECKSUMMED';             OK;  contactid
      '#1234|1401 01 00';        NO;  contactid
      '1234|1401 01 003 7';      NO;  contactid
      '#|1401 01 003';           NO;  contactid
      '1234 18 1 130 01 015 0';  NO;  contactid
      '#1234|Nri1/BA01';         NO;  sia
      'Nri1/BA01';               NO;  sia
      """)
  void decodeAndTheLinkAgree(String line, String linkAnswer, String decodeFormat) throws Exception {
    String input =
        line.equals("CHECKSUMMED")
            ? "123418113001015" + ContactIdFormatter.checksum("123418113001015")
            : line;
    JsonNode decoded = decode(input);
    String answer;
    try (Socket panel = new Socket(InetAddress.getLoopbackAddress(), links.listenPort("cid"))) {
      panel.setSoTimeout(5_000);
      answer = TcpLinkTest.send(panel, input + "\r");
    }

    assertThat(answer).isEqualTo(linkAnswer);
    assertThat(decoded.get("format").asText()).isEqualTo(decodeFormat);
    if (decodeFormat.equals("contactid")) {
      assertThat(decoded.get("valid").asBoolean())
          .as(decoded.toString())
          .isEqualTo(answer.equals("OK"));
      String stored = lastStored(answer.equals("OK") ? "panel_event" : "inbound_message");
      assertThat(stored)
          .isEqualTo(answer.equals("OK") ? asStored(decoded) : decoded.get("error").asText());
    }
  }

  /** The event as the link stored it, or the reason it stored a refused line with. */
  private static String lastStored(String table) throws Exception {
    String sql =
        table.equals("panel_event")
            ? "SELECT account || ' ' || qualifier || cid_code || ' p' || COALESCE(partition_no, 0) || ' z'"
                + " || COALESCE(zone_no, 0) || ' u' || COALESCE(user_no, 0) FROM panel_event ORDER BY id DESC LIMIT 1"
            : "SELECT error FROM inbound_message ORDER BY id DESC LIMIT 1";
    return bed.rows(sql).get(0);
  }

  private static String asStored(JsonNode decoded) {
    JsonNode e = decoded.get("events").get(0);
    return decoded.get("account").asText()
        + " "
        + e.get("qualifier").asText()
        + e.get("code").asText()
        + " p"
        + e.get("partition").asInt(0)
        + " z"
        + e.get("zone").asInt(0)
        + " u"
        + e.get("user").asInt(0);
  }

  private static JsonNode decode(String input) throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    cli.execute(List.of("decode", input).toArray(String[]::new));
    return new ObjectMapper().readTree(out.toString().lines().findFirst().orElseThrow());
  }
}
