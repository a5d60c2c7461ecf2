package io.chektbridge.daemon.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chektbridge.daemon.StartFailure;
import io.chektbridge.daemon.config.HostPort;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.ops.ProcessMetrics;
import io.chektbridge.daemon.threads.RepeatingTask;
import io.chektbridge.daemon.time.HostClock;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local status port (netty HTTP): {@code /healthz} (alive), {@code /readyz} (storage open and
 * receivers bound), {@code /status} (JSON, its shape in README.md), {@code /metrics} (Prometheus
 * text), {@code /} (the walk-test page for a phone or laptop, see {@link StatusPage}), {@code
 * /events} (live server-sent events, see {@link EventStream}), plus routes other components add.
 * Bound to loopback by default; on any other address every route but {@code /healthz} needs the
 * configured bearer token.
 */
public final class StatusServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
  private static final int MAX_REQUEST_BYTES = 16 * 1024;
  private static final int HEARTBEAT_SECONDS = 15;

  private final HostPort listen;
  private final String token;
  private final String version;
  private final HostClock clock;
  private final long startedNanos;
  private final StatusRegistry registry;
  private final Alerts alerts;
  private final Metrics metrics;
  private final ObjectMapper json =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
  private final EventStream events;
  private EventLoopGroup group;
  private Channel channel;

  /** A request as routes see it: path, query parameters, method. */
  public record Request(String method, String path, Map<String, String> query) {}

  /** A complete response; routes build these. */
  public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    public Response(int status, String contentType, byte[] body) {
      this(status, contentType, body, Map.of());
    }

    public static Response text(int status, String text) {
      return new Response(
          status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * The page may run its own inline script and style and talk to this port, nothing else: the
   * browser itself enforces that the page is self-contained.
   */
  static final String PAGE_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
          + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  public StatusServer(
      HostPort listen,
      String token,
      String version,
      HostClock clock,
      StatusRegistry registry,
      Alerts alerts,
      Metrics metrics) {
    this.listen = listen;
    this.token = token;
    this.version = version;
    this.clock = clock;
    this.startedNanos = clock.nanoTime();
    this.registry = registry;
    this.alerts = alerts;
    this.metrics = metrics;
    this.events = new EventStream(clock);
    routes.put("/healthz", r -> Response.text(200, "ok\n"));
    routes.put("/readyz", this::ready);
    routes.put("/status", r -> jsonResponse(200, status()));
    routes.put(
        "/metrics",
        r ->
            new Response(
                200,
                "text/plain; version=0.0.4; charset=utf-8",
                metrics.render().getBytes(StandardCharsets.UTF_8)));
    routes.put("/", this::page);
    metrics.gauge(
        "chekt_bridge_event_stream_subscribers",
        "Clients listening on /events (walk-test, browsers)",
        "",
        events::subscribers);
    metrics.gauge(
        "chekt_bridge_build_info",
        "Always 1; the version of the running bridge is its label",
        Metrics.label("version", version),
        () -> 1);
    alerts.exportTo(metrics);
    ProcessMetrics.register(metrics);
    OutboxGauges.register(metrics, registry);
  }

  /** Where components publish live events for walk-test: {@code events().publish("zone", ...)}. */
  public EventStream events() {
    return events;
  }

  /** Adds a GET route; later components use this for the HTML page, audit views and the like. */
  public void route(String path, Function<Request, Response> handler) {
    routes.put(path, handler);
  }

  public void start() throws InterruptedException, StartFailure {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new ReadTimeoutHandler(30))
                        .addLast(new HttpServerCodec(4096, 8192, 8192))
                        .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                        .addLast(new Handler());
                  }
                });
    try {
      channel = b.bind(listen.toAddress()).sync().channel();
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      // netty's bind failure names neither the port nor the component
      throw StartFailure.cannotListen("status port (status.listen)", listen, e);
    }
    Duration heartbeat = Duration.ofSeconds(HEARTBEAT_SECONDS);
    RepeatingTask.schedule(group, "The /events heartbeat", events::heartbeat, heartbeat, heartbeat);
    LOG.info("Status port listening on http://{}/ (healthz, readyz, status, metrics)", listen);
  }

  /** The actually bound address (differs from config when the port was 0). */
  public java.net.InetSocketAddress boundAddress() {
    return (java.net.InetSocketAddress) channel.localAddress();
  }

  /** The {@code /status} document. */
  public Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("version", version);
    out.put("uptime_s", clock.elapsedSince(startedNanos).toSeconds());
    out.putAll(registry.snapshot());
    out.put(
        "alerts",
        alerts.active().stream()
            .map(
                a -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("name", a.kind().name());
                  m.put("since", a.since().toString());
                  m.put("detail", a.detail());
                  m.put("meaning", a.kind().meaning());
                  return m;
                })
            .toList());
    return out;
  }

  /**
   * {@code GET /}: the page, or with {@code ?fragment=1} its live part. {@code ?walk=1} starts a
   * walk-test now: a redirect to {@code ?walk=1&from=<epoch ms>}, which counts the zones reported
   * since.
   */
  private Response page(Request r) {
    Instant now = clock.instant();
    boolean walk = r.query().containsKey("walk");
    Instant walkFrom = walk ? walkStart(r.query().get("from")) : null;
    if (walk && walkFrom == null) {
      return new Response(
          303,
          "text/plain; charset=utf-8",
          "walk-test started\n".getBytes(StandardCharsets.UTF_8),
          Map.of("Location", "/?walk=1&from=" + now.toEpochMilli()));
    }
    Map<String, Object> s = status();
    StatusPage.View view =
        new StatusPage.View(
            s, registry.notReady(), events.recent(), new PageTime(now, siteZone(s)), walkFrom);
    String html =
        "1".equals(r.query().get("fragment")) ? StatusPage.live(view) : StatusPage.render(view);
    return new Response(
        200,
        "text/html; charset=utf-8",
        html.getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Security-Policy", PAGE_POLICY));
  }

  private static Instant walkStart(String text) {
    if (text == null) {
      return null;
    }
    try {
      long ms = Long.parseLong(text);
      return ms > 0 ? Instant.ofEpochMilli(ms) : null;
    } catch (NumberFormatException notAStart) {
      return null;
    }
  }

  private static ZoneId siteZone(Map<String, Object> status) {
    if (status.get("site") instanceof Map<?, ?> site && site.get("timezone") instanceof String id) {
      try {
        return ZoneId.of(id);
      } catch (DateTimeException e) {
        LOG.debug("Site time zone {} not known here; the page shows UTC", id);
      }
    }
    return ZoneOffset.UTC;
  }

  private Response ready(Request r) {
    var missing = registry.notReady();
    if (missing.isEmpty()) {
      return Response.text(200, "ready\n");
    }
    return Response.text(503, "not ready: " + String.join(", ", missing) + "\n");
  }

  private Response jsonResponse(int status, Object body) {
    try {
      return new Response(status, "application/json", json.writeValueAsBytes(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      LOG.error("Could not render status JSON: {}", e.getMessage());
      return Response.text(500, "status rendering failed\n");
    }
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    events.closeAll();
    if (group != null) {
      group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private boolean authorized(FullHttpRequest req, String path) {
    if (token == null || path.equals("/healthz")) {
      return true;
    }
    String header = req.headers().get(HttpHeaderNames.AUTHORIZATION, "");
    byte[] given =
        header.startsWith("Bearer ")
            ? header.substring(7).getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    return MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8));
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      QueryStringDecoder uri = new QueryStringDecoder(req.uri());
      Response response;
      if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
        response = Response.text(405, "only GET\n");
      } else if (!authorized(req, uri.path())) {
        response = Response.text(401, "bearer token required\n");
      } else if (uri.path().equals("/events")) {
        openEventStream(ctx, req);
        return;
      } else {
        response = route(uri);
      }
      write(ctx, req, response);
    }

    /**
     * Answers with chunked text/event-stream headers and leaves the connection to {@link
     * EventStream}.
     */
    private void openEventStream(ChannelHandlerContext ctx, FullHttpRequest req) {
      if (events.subscribers() >= EventStream.MAX_SUBSCRIBERS) {
        write(
            ctx,
            req,
            Response.text(
                503, "too many event stream clients (" + EventStream.MAX_SUBSCRIBERS + ")\n"));
        return;
      }
      DefaultHttpResponse head =
          new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
      head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
      HttpUtil.setTransferEncodingChunked(head, true);
      // the client only listens from now on; the idle read timeout would cut the stream
      ctx.pipeline().remove(ReadTimeoutHandler.class);
      ctx.write(head);
      ctx.writeAndFlush(
          new DefaultHttpContent(Unpooled.copiedBuffer(": connected\n\n", StandardCharsets.UTF_8)));
      if (!events.subscribe(ctx.channel())) {
        ctx.close();
      }
    }

    private Response route(QueryStringDecoder uri) {
      Function<Request, Response> handler = routes.get(uri.path());
      if (handler == null) {
        return Response.text(
            404, "no such page; try /, /status, /healthz, /readyz, /metrics, /events\n");
      }
      Map<String, String> query = new LinkedHashMap<>();
      uri.parameters().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
      try {
        return handler.apply(new Request("GET", uri.path(), query));
      } catch (RuntimeException e) {
        LOG.error("Status page {} failed: {}", uri.path(), e.toString(), e);
        return Response.text(500, "internal error\n");
      }
    }

    private void write(ChannelHandlerContext ctx, FullHttpRequest req, Response r) {
      FullHttpResponse resp =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(r.status()),
              Unpooled.wrappedBuffer(r.body()));
      resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
      resp.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
      r.headers().forEach(resp.headers()::set);
      HttpUtil.setContentLength(resp, r.body().length);
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      HttpUtil.setKeepAlive(resp, keepAlive);
      var f = ctx.writeAndFlush(resp);
      if (!keepAlive) {
        f.addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug(
          "Status connection from {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
    }
  }
}
