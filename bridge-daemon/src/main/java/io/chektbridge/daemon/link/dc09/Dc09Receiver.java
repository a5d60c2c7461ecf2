package io.chektbridge.daemon.link.dc09;

import io.chektbridge.daemon.StartFailure;
import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.Durations;
import io.chektbridge.daemon.link.LinkContext;
import io.chektbridge.daemon.link.LogThrottle;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.threads.DaemonThreads;
import io.chektbridge.daemon.time.HostClock;
import io.chektbridge.sia.Dc09Decoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIA DC-09 receiver: TCP and UDP on one port. TCP: a bounded frame decoder, backpressure above
 * {@code max_frames_per_second} ({@link FramePacer}: slower, never unanswered), a first-frame and
 * an idle timeout, at most {@code max_connections} panels and at most {@code
 * max_connections_per_address} from one address. UDP: one frame per datagram, answered to its
 * source; datagrams beyond the same budget per source address are dropped and counted (UDP has no
 * backpressure; the panel resends). Every frame goes through {@link Dc09Exchange}.
 */
public final class Dc09Receiver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dc09Receiver.class);
  private static final int MAX_UDP_SENDERS = 4096;

  private final BridgeConfig.Dc09 config;
  private final Dc09Exchange exchange;
  private final Dc09Exchange udpExchange;

  /** Per event-loop thread: whether its turn's flush is already queued. */
  private final ThreadLocal<boolean[]> flushQueued = ThreadLocal.withInitial(() -> new boolean[1]);

  private final HostClock clock;
  private final LogThrottle throttle;
  private final ConnectionAdmission admission;
  private final LongAdder refusedConnections;
  private final LongAdder refusedPerAddress;
  private final LongAdder firstFrameClosed;
  private final LongAdder rateLimited;
  private final LongAdder udpDropped;
  private final LongAdder oversize;
  private final LongAdder idleClosed;
  private final Dc09FrameDecoder.Skipped skipped =
      new Dc09FrameDecoder.Skipped() {
        @Override
        public void tooLong(InetSocketAddress peer, int bytes) {
          oversize.increment();
          limit(
              peer.getAddress(),
              "max_frame_bytes",
              "dropped a frame of "
                  + bytes
                  + " bytes without a frame end "
                  + "(receivers.dc09.max_frame_bytes is "
                  + config.maxFrameBytes()
                  + ")");
        }

        @Override
        public void junk(InetSocketAddress peer, int bytes) {
          limit(
              peer.getAddress(),
              "junk",
              "skipped " + bytes + " bytes that were not part of a DC-09 frame");
        }
      };
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private Channel tcp;
  private Channel udp;

  /**
   * The receiver of {@code context.dc09()}, journaling and supervising through the context's
   * pieces.
   */
  public Dc09Receiver(LinkContext context) throws java.io.IOException {
    this.config = context.dc09();
    this.clock = context.clock();
    Metrics metrics = context.metrics();
    Dc09Decoder decoder = new Dc09Decoder(ConfiguredAccounts.of(config));
    this.exchange = new Dc09Exchange(Dc09Exchange.KIND, decoder, context, true);
    // the UDP loop must never wait for a sync: datagrams arriving meanwhile would overflow the
    // socket
    // buffer and be lost unseen, where TCP simply holds them back
    this.udpExchange = new Dc09Exchange(Dc09Exchange.KIND, decoder, context, false);
    this.throttle = new LogThrottle(clock, Duration.ofMinutes(10));
    String help = "DC-09 receiver limit hits, by limit";
    this.admission =
        new ConnectionAdmission(config.maxConnections(), config.maxConnectionsPerAddress());
    this.refusedConnections =
        metrics.counter("chekt_bridge_dc09_limit_hits_total", help, "limit=\"max_connections\"");
    this.refusedPerAddress =
        metrics.counter(
            "chekt_bridge_dc09_limit_hits_total", help, "limit=\"max_connections_per_address\"");
    this.firstFrameClosed =
        metrics.counter(
            "chekt_bridge_dc09_limit_hits_total", help, "limit=\"first_frame_timeout\"");
    this.rateLimited =
        metrics.counter(
            "chekt_bridge_dc09_limit_hits_total", help, "limit=\"max_frames_per_second\"");
    this.udpDropped =
        metrics.counter(
            "chekt_bridge_dc09_udp_dropped_total",
            "DC-09 datagrams dropped unanswered for exceeding receivers.dc09.max_frames_per_second from their address",
            "");
    this.oversize =
        metrics.counter("chekt_bridge_dc09_limit_hits_total", help, "limit=\"max_frame_bytes\"");
    this.idleClosed =
        metrics.counter("chekt_bridge_dc09_limit_hits_total", help, "limit=\"idle_timeout\"");
    metrics.gauge(
        "chekt_bridge_dc09_connections", "Open DC-09 TCP connections", "", admission::open);
  }

  /** Binds TCP and UDP; throws when either port is taken. */
  public void start() throws InterruptedException, StartFailure {
    try {
      bind();
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      // netty's bind failure names neither the port nor the component
      throw StartFailure.cannotListen("DC-09 receiver (receivers.dc09.listen)", config.listen(), e);
    }
    LOG.info(
        "DC-09 receiver listening on {} (TCP and UDP), {} accounts configured{}",
        config.listen(),
        config.accounts().size(),
        config.acceptUnknownAccounts() ? ", unknown accounts accepted (plaintext)" : "");
  }

  /**
   * One event loop per two cores, not netty's two per core: every loop syncs the journal for what
   * it read in its turn, so fewer loops put more frames under each sync, and the cores they leave
   * are the ones the journal indexer and the state engine need. On 2 cores one loop took 30 µs of
   * CPU per frame against four loops' 47, at 50 connections.
   */
  private static int eventLoops() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  private void bind() throws InterruptedException {
    boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    workers =
        new MultiThreadIoEventLoopGroup(
            eventLoops(), DaemonThreads.eventLoops(), NioIoHandler.newFactory());
    InetSocketAddress address = config.listen().toAddress();
    tcp =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    // idle in reading: the receiver writes only answers to what it read, and
                    // watching writes as well would hang a listener on every ACK
                    ch.pipeline()
                        .addLast(
                            new IdleStateHandler(
                                config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                        .addLast(new Dc09FrameDecoder(config.maxFrameBytes(), skipped))
                        .addLast(
                            new FirstFrameTimeout(
                                config.firstFrameTimeout(), Dc09Receiver.this::noFirstFrame))
                        .addLast(new FramePacer(budget(), Dc09Receiver.this::slowed))
                        .addLast(new TcpHandler());
                  }
                })
            .bind(address)
            .sync()
            .channel();
    // the same port for UDP, also when the config asked for any free port (0)
    InetSocketAddress tcpAddress = (InetSocketAddress) tcp.localAddress();
    udp =
        new Bootstrap()
            .group(workers)
            .channel(NioDatagramChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .handler(new UdpHandler())
            .bind(new InetSocketAddress(address.getAddress(), tcpAddress.getPort()))
            .sync()
            .channel();
  }

  public boolean bound() {
    return tcp != null && tcp.isActive() && udp != null && udp.isActive();
  }

  /** The actual TCP port (differs from the config when it was 0). */
  public int port() {
    return ((InetSocketAddress) tcp.localAddress()).getPort();
  }

  @Override
  public void close() {
    if (tcp != null) {
      tcp.close().syncUninterruptibly();
    }
    if (udp != null) {
      udp.close().syncUninterruptibly();
    }
    if (boss != null) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /**
   * One line per address and limit every 10 minutes: a host that keeps hitting a limit
   * (reconnecting from new ports each time) must not flood the journal; the metric counts every
   * hit.
   */
  private void limit(InetAddress address, String limit, String what) {
    String host = address.getHostAddress();
    if (throttle.shouldLog(host + "|" + limit)) {
      LOG.warn(
          "DC-09 receiver, {}: {}; the same from {} is logged again in 10 minutes",
          host,
          what,
          host);
    }
  }

  /**
   * One sender's budget: max_frames_per_second on average, as many at once after a quiet second.
   */
  private FrameBudget budget() {
    return new FrameBudget(clock, config.maxFramesPerSecond(), config.maxFramesPerSecond());
  }

  private void slowed(InetSocketAddress peer) {
    rateLimited.increment();
    limit(
        peer.getAddress(),
        "max_frames_per_second",
        "slowed a connection sending more than "
            + config.maxFramesPerSecond()
            + " frames/s (receivers.dc09.max_frames_per_second): it is read no faster, "
            + "every frame is still answered");
  }

  private void noFirstFrame(InetSocketAddress peer) {
    firstFrameClosed.increment();
    limit(
        peer.getAddress(),
        "first_frame_timeout",
        "closed a connection that sent no complete DC-09 frame within "
            + Durations.format(config.firstFrameTimeout())
            + " (receivers.dc09.first_frame_timeout)");
  }

  /**
   * Queues one journal flush per event-loop turn, run after the turn's reads: every frame read in
   * the turn, on any of the loop's connections, shares one sync, and the loop writes their ACKs
   * itself.
   */
  private void flushAfterTurn(Channel ch) {
    boolean[] queued = flushQueued.get();
    if (!queued[0]) {
      queued[0] = true;
      ch.eventLoop()
          .execute(
              () -> {
                queued[0] = false;
                exchange.flush();
              });
    }
  }

  /** One connection's frames, after the decoder, the first-frame timeout and the pacer. */
  private final class TcpHandler extends SimpleChannelInboundHandler<byte[]> {
    private InetAddress address;
    private String peer;
    private boolean admitted;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
      address = remote.getAddress();
      peer = address.getHostAddress() + ":" + remote.getPort();
      ConnectionAdmission.Verdict verdict = admission.admit(address);
      if (verdict != ConnectionAdmission.Verdict.ADMITTED) {
        refuse(verdict);
        ctx.close();
        return;
      }
      admitted = true;
      ctx.fireChannelActive();
    }

    private void refuse(ConnectionAdmission.Verdict verdict) {
      if (verdict == ConnectionAdmission.Verdict.TOO_MANY_FROM_ADDRESS) {
        refusedPerAddress.increment();
        limit(
            address,
            "max_connections_per_address",
            "closed a new connection, "
                + config.maxConnectionsPerAddress()
                + " are already open from this address "
                + "(receivers.dc09.max_connections_per_address; raise it if many panels share this address)");
      } else {
        refusedConnections.increment();
        limit(
            address,
            "max_connections",
            "closed a new connection, "
                + config.maxConnections()
                + " panels are already connected (receivers.dc09.max_connections)");
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (admitted) {
        admission.release(address);
      }
      ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, byte[] frame) {
      Channel ch = ctx.channel();
      // queued first: a frame appended before a failure further on must still get its flush
      flushAfterTurn(ch);
      exchange.handle(
          frame, "dc09-tcp", peer, answer -> ch.writeAndFlush(Unpooled.wrappedBuffer(answer)));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent) {
        idleClosed.increment();
        LOG.debug("Closing DC-09 connection from {}: idle for {}", peer, config.idleTimeout());
        ctx.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("DC-09 connection from {} failed: {}", peer, cause.toString());
      ctx.close();
    }
  }

  private final class UdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    /**
     * Per source address; bounded, so spoofed sources cannot make it grow (a forgotten one starts
     * full).
     */
    private final Map<InetAddress, FrameBudget> budgets =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<InetAddress, FrameBudget> eldest) {
            return size() > MAX_UDP_SENDERS;
          }
        };

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      InetSocketAddress sender = packet.sender();
      ByteBuf content = packet.content();
      if (content.readableBytes() > config.maxFrameBytes()) {
        oversize.increment();
        limit(
            sender.getAddress(),
            "max_frame_bytes",
            "dropped a "
                + content.readableBytes()
                + "-byte datagram (receivers.dc09.max_frame_bytes is "
                + config.maxFrameBytes()
                + ")");
        return;
      }
      if (!budgets.computeIfAbsent(sender.getAddress(), a -> budget()).tryTake()) {
        udpDropped.increment();
        limit(
            sender.getAddress(),
            "max_frames_per_second",
            "dropped datagrams beyond "
                + config.maxFramesPerSecond()
                + " frames/s (receivers.dc09.max_frames_per_second); the panel resends them");
        return;
      }
      Channel ch = ctx.channel();
      udpExchange.handle(
          ByteBufUtil.getBytes(content),
          "dc09-udp",
          sender.getAddress().getHostAddress() + ":" + sender.getPort(),
          answer -> ch.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(answer), sender)));
    }
  }
}
