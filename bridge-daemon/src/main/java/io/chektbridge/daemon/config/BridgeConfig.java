package io.chektbridge.daemon.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.chektbridge.daemon.state.Meaning;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * The whole configuration of one bridge (docs/config.md), immutable once loaded. Every section is
 * optional; what is missing takes the embedded default. Read it with {@link ConfigLoader}.
 */
public record BridgeConfig(
    Site site,
    Cloud cloud,
    Receivers receivers,
    List<Partition> partitions,
    List<Zone> zones,
    List<EventMapEntry> eventMap,
    Status status,
    Storage storage,
    Logging logging) {

  public BridgeConfig {
    site = site != null ? site : new Site(null, null);
    cloud =
        cloud != null
            ? cloud
            : new Cloud(null, null, null, null, null, null, null, null, null, null, null);
    receivers = receivers != null ? receivers : new Receivers(null, null, null);
    partitions = partitions != null ? List.copyOf(partitions) : List.of();
    zones = zones != null ? List.copyOf(zones) : List.of();
    eventMap = eventMap != null ? List.copyOf(eventMap) : List.of();
    status = status != null ? status : new Status(null, null);
    storage = storage != null ? storage : new Storage(null);
    logging = logging != null ? logging : new Logging(null, null);
  }

  /** Cloud sync runs only once credentials are configured; until then events buffer. */
  public boolean cloudSyncEnabled() {
    return cloud.auth() != null;
  }

  public record Site(String id, ZoneId timezone) {
    public Site {
      timezone = timezone != null ? timezone : ZoneId.systemDefault();
    }
  }

  public record Cloud(
      URI baseUrl,
      Auth auth,
      String eventsPath,
      Duration requestTimeout,
      Duration retryJitter,
      Long outboxMaxPending,
      Duration deliveredRetention,
      Integer maxInFlight,
      Duration deadLetterRetention,
      URI proxy,
      Path proxyAuthFile) {
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.chekt.com");

    public Cloud {
      baseUrl = baseUrl != null ? baseUrl : DEFAULT_BASE_URL;
      eventsPath = eventsPath != null ? eventsPath : "/ext/v1/events";
      requestTimeout = requestTimeout != null ? requestTimeout : Duration.ofSeconds(3);
      retryJitter = retryJitter != null ? retryJitter : Duration.ZERO;
      outboxMaxPending = outboxMaxPending != null ? outboxMaxPending : 1_000_000L;
      deliveredRetention = deliveredRetention != null ? deliveredRetention : Duration.ofDays(7);
      maxInFlight = maxInFlight != null ? maxInFlight : 4;
      deadLetterRetention = deadLetterRetention != null ? deadLetterRetention : Duration.ofDays(30);
    }
  }

  public record Auth(
      AuthType type,
      Path apiKeyFile,
      String clientId,
      URI tokenUrl,
      String audience,
      Path privateKeyFile,
      String keyId) {}

  public enum AuthType {
    API_KEY,
    OAUTH_JWT;

    @JsonCreator
    public static AuthType of(String text) {
      return Enums.parse(AuthType.class, text);
    }

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public record Receivers(Dc09 dc09, List<SerialLink> serial, List<TcpLink> tcpLinks) {
    public Receivers {
      dc09 = dc09 != null ? dc09 : new Dc09(null, null, null, null, null, null, null, null, null);
      serial = serial != null ? List.copyOf(serial) : List.of();
      tcpLinks = tcpLinks != null ? List.copyOf(tcpLinks) : List.of();
    }
  }

  /** The SIA DC-09 receiver: one port, TCP and UDP. */
  public record Dc09(
      HostPort listen,
      List<Account> accounts,
      Boolean acceptUnknownAccounts,
      Integer maxConnections,
      Duration idleTimeout,
      Integer maxFrameBytes,
      Integer maxFramesPerSecond,
      Integer maxConnectionsPerAddress,
      Duration firstFrameTimeout) {
    public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 12000);

    public Dc09 {
      listen = listen != null ? listen : DEFAULT_LISTEN;
      accounts = accounts != null ? List.copyOf(accounts) : List.of();
      acceptUnknownAccounts = acceptUnknownAccounts != null && acceptUnknownAccounts;
      maxConnections = maxConnections != null ? maxConnections : 256;
      idleTimeout = idleTimeout != null ? idleTimeout : Duration.ofMinutes(10);
      maxFrameBytes = maxFrameBytes != null ? maxFrameBytes : 4200;
      maxFramesPerSecond = maxFramesPerSecond != null ? maxFramesPerSecond : 200;
      // a site has one or a few panels per address (a NAT'd router may carry several): 16 leaves
      // room
      // for them while one host that opens sockets and sends nothing cannot take the global slots
      maxConnectionsPerAddress = maxConnectionsPerAddress != null ? maxConnectionsPerAddress : 16;
      firstFrameTimeout = firstFrameTimeout != null ? firstFrameTimeout : Duration.ofSeconds(30);
    }
  }

  /** One DC-09 account (panel) the receiver serves. */
  public record Account(
      String account,
      Path keyFile,
      io.chektbridge.sia.KeyFormat keyFormat,
      TimeWindow timeWindow,
      Duration supervision) {
    public Account {
      keyFormat = keyFormat != null ? keyFormat : io.chektbridge.sia.KeyFormat.HEX;
      timeWindow = timeWindow != null ? timeWindow : TimeWindow.DEFAULT;
      supervision = supervision != null ? supervision : Duration.ofHours(25);
    }
  }

  /**
   * A panel on a local serial / RS-485 port. In RS-485 mode RTS switches the transceiver to
   * transmit (high while sending unless {@code rs485RtsActiveHigh} is false), with optional settle
   * delays before and after our answer, and the echo of our own answer is not read as panel
   * traffic.
   */
  public record SerialLink(
      String port,
      Integer baud,
      Integer dataBits,
      Parity parity,
      Integer stopBits,
      Framing framing,
      Boolean rs485,
      Duration supervision,
      LineAnswer ack,
      LineAnswer nak,
      Boolean rs485RtsActiveHigh,
      Duration rs485DelayBeforeSend,
      Duration rs485DelayAfterSend) {
    public SerialLink {
      baud = baud != null ? baud : 9600;
      dataBits = dataBits != null ? dataBits : 8;
      parity = parity != null ? parity : Parity.NONE;
      stopBits = stopBits != null ? stopBits : 1;
      framing = framing != null ? framing : Framing.CONTACTID;
      rs485 = rs485 != null && rs485;
      ack = ack != null ? ack : LineAnswer.ACK;
      nak = nak != null ? nak : LineAnswer.NAK;
      rs485RtsActiveHigh = rs485RtsActiveHigh == null || rs485RtsActiveHigh;
      rs485DelayBeforeSend = rs485DelayBeforeSend != null ? rs485DelayBeforeSend : Duration.ZERO;
      rs485DelayAfterSend = rs485DelayAfterSend != null ? rs485DelayAfterSend : Duration.ZERO;
    }
  }

  /**
   * A panel behind a serial device server (ser2net, Moxa-style raw TCP): the bridge dials it
   * ({@code tcp-client}) or it dials the bridge ({@code tcp-server}, one connection at a time).
   */
  public record TcpLink(
      String name,
      TcpTransport transport,
      HostPort address,
      Framing framing,
      Duration supervision,
      LineAnswer ack,
      LineAnswer nak,
      Duration keepalive,
      Duration connectTimeout,
      String account) {
    public TcpLink {
      framing = framing != null ? framing : Framing.CONTACTID;
      supervision = supervision != null ? supervision : Duration.ofMinutes(5);
      ack = ack != null ? ack : LineAnswer.ACK;
      nak = nak != null ? nak : LineAnswer.NAK;
      keepalive = keepalive != null ? keepalive : Duration.ofSeconds(60);
      connectTimeout = connectTimeout != null ? connectTimeout : Duration.ofSeconds(10);
    }
  }

  public enum TcpTransport {
    TCP_CLIENT,
    TCP_SERVER;

    @JsonCreator
    public static TcpTransport of(String text) {
      return Enums.parse(TcpTransport.class, text);
    }

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public enum Parity {
    NONE,
    ODD,
    EVEN,
    MARK,
    SPACE;

    @JsonCreator
    public static Parity of(String text) {
      return Enums.parse(Parity.class, text);
    }

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum Framing {
    CONTACTID,
    DC09;

    @JsonCreator
    public static Framing of(String text) {
      return Enums.parse(Framing.class, text);
    }

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public record Partition(Integer number, String name, Duration exitDelay, Duration entryDelay) {
    public Partition {
      name = name != null ? name : "Partition " + number;
      exitDelay = exitDelay != null ? exitDelay : Duration.ofSeconds(60);
      entryDelay = entryDelay != null ? entryDelay : Duration.ofSeconds(30);
    }
  }

  public record Zone(
      Integer number, String name, Integer partition, ZoneType type, String cameraId) {
    public Zone {
      name = name != null ? name : "Zone " + number;
      partition = partition != null ? partition : 1;
      type = type != null ? type : ZoneType.INSTANT;
    }
  }

  public enum ZoneType {
    ENTRY_EXIT,
    FOLLOWER,
    INSTANT,
    PERIMETER,
    INTERIOR,
    H24("24h"),
    FIRE,
    PANIC;

    private final String wire;

    ZoneType() {
      this.wire = name().toLowerCase(Locale.ROOT);
    }

    ZoneType(String wire) {
      this.wire = wire;
    }

    @JsonCreator
    public static ZoneType of(String text) {
      for (ZoneType t : values()) {
        if (t.wire.equals(text)) {
          return t;
        }
      }
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a zone type; use one of "
              + "entry_exit, follower, instant, perimeter, interior, 24h, fire, panic");
    }

    @JsonValue
    public String wireName() {
      return wire;
    }
  }

  /**
   * One installer override of the code table: {@code match: "CID E750"} → {@code meaning:
   * zone_open}.
   */
  public record EventMapEntry(String match, Meaning meaning) {}

  public record Status(HostPort listen, Path tokenFile) {
    public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 8089);

    public Status {
      listen = listen != null ? listen : DEFAULT_LISTEN;
    }
  }

  public record Storage(Path path, Backup backup) {
    public static final Path DEFAULT_PATH = Path.of("/var/lib/chekt-bridge");

    public Storage {
      path = path != null ? path : DEFAULT_PATH;
      backup = backup != null ? backup : new Backup(null, null);
    }

    public Storage(Path path) {
      this(path, null);
    }
  }

  /** Rotated online backups of the database into storage.path/backups. */
  public record Backup(Duration every, Integer keep) {
    public Backup {
      every = every != null ? every : Duration.ofHours(24);
      keep = keep != null ? keep : 7;
    }
  }

  public record Logging(String level, Path file) {
    public Logging {
      level = level != null ? level : "info";
    }
  }
}
