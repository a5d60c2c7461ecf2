package io.chektbridge.bench;

import io.chektbridge.sia.Dc09AccountDirectory;
import io.chektbridge.sia.Dc09AccountSettings;
import io.chektbridge.sia.Dc09Decoder;
import io.chektbridge.sia.Dc09Framer;
import io.chektbridge.sia.Dc09Result;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The yardstick of the receiver rows: the least a durable DC-09 receiver can do on this host. One
 * thread and one selector; each frame decoded by the project's decoder (which also builds the ACK);
 * per selector turn, one positional write of the turn's frames into a zero-filled file and one
 * {@link FileChannel#force force(false)}, then the turn's ACKs. No record framing, no database, no
 * state, no netty. It runs in the bench's JVM, beside the load generator, so the daemon's rows and
 * this one share the same two cores with the same generator.
 */
final class MinimalReceiver implements AutoCloseable {
  private static final long FILE_BYTES = 64L << 20;

  private final boolean sync;
  private final Path file;
  private final FileChannel log;
  private final Selector selector;
  private final ServerSocketChannel server;
  private final Dc09Decoder decoder =
      new Dc09Decoder(Dc09AccountDirectory.of(Dc09AccountSettings::plain, true));
  private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
  private final ByteBuffer turn = ByteBuffer.allocateDirect(1 << 20);
  private final List<SocketChannel> answerTo = new ArrayList<>();
  private final List<byte[]> answers = new ArrayList<>();
  private final Thread thread;
  private volatile boolean closing;
  private long position;

  private MinimalReceiver(Path directory, boolean sync) throws IOException {
    this.sync = sync;
    this.file = Files.createTempFile(directory, "minimal-receiver", ".log");
    this.log = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
    for (long at = 0; at < FILE_BYTES; at += zeros.capacity()) {
      zeros.clear();
      while (zeros.hasRemaining()) {
        log.write(zeros, at + zeros.position());
      }
    }
    log.force(true);
    this.selector = Selector.open();
    this.server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress("127.0.0.1", 0), 256);
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    this.thread = new Thread(this::run, "minimal-receiver");
  }

  /**
   * A receiver listening on a free loopback port; {@code sync} false leaves out the force (what the
   * transport and the decoder alone allow).
   */
  static MinimalReceiver start(Path directory, boolean sync) throws IOException {
    MinimalReceiver r = new MinimalReceiver(directory, sync);
    r.thread.start();
    return r;
  }

  int port() {
    return server.socket().getLocalPort();
  }

  /** The file the frames are written to (removed on close). */
  Path file() {
    return file;
  }

  /** CPU time of the receiver's thread so far. */
  long cpuNanos() {
    return ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
  }

  private void run() {
    try {
      while (!closing) {
        selector.select();
        for (SelectionKey k : selector.selectedKeys()) {
          if (k.isAcceptable()) {
            accept();
          } else if (k.isReadable() && !read(k)) {
            k.cancel();
            k.channel().close();
          }
        }
        selector.selectedKeys().clear();
        answerTurn();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void accept() throws IOException {
    SocketChannel c = server.accept();
    if (c != null) {
      c.configureBlocking(false);
      c.setOption(StandardSocketOptions.TCP_NODELAY, true);
      c.register(selector, SelectionKey.OP_READ, new Connection(c));
    }
  }

  /** Reads what arrived on one connection; false once the peer closed it. */
  private boolean read(SelectionKey k) throws IOException {
    Connection c = (Connection) k.attachment();
    readBuffer.clear();
    int n = c.channel.read(readBuffer);
    if (n < 0) {
      return false;
    }
    c.framer.feed(readBuffer.array(), 0, n, c);
    return true;
  }

  /** One panel's connection and its framer; its frames join the current turn. */
  private final class Connection implements Dc09Framer.Sink {
    final SocketChannel channel;
    final Dc09Framer framer = new Dc09Framer(Dc09Framer.LONGEST_FRAME);

    Connection(SocketChannel channel) {
      this.channel = channel;
    }

    @Override
    public void frame(byte[] frame) {
      Dc09Result r = decoder.decode(frame, 0, frame.length, Instant.now());
      if (r.valid() && turn.remaining() >= frame.length) {
        turn.put(frame);
        answerTo.add(channel);
        answers.add(r.responseBytes());
      }
    }

    @Override
    public void tooLong(int bytes) {}

    @Override
    public void junk(int bytes) {}
  }

  /** The turn's frames written and forced, then their answers. */
  private void answerTurn() throws IOException {
    if (answers.isEmpty()) {
      return;
    }
    turn.flip();
    if (position + turn.remaining() > FILE_BYTES) {
      position = 0;
    }
    while (turn.hasRemaining()) {
      position += log.write(turn, position);
    }
    turn.clear();
    if (sync) {
      log.force(false);
    }
    for (int i = 0; i < answers.size(); i++) {
      SocketChannel peer = answerTo.get(i);
      try {
        // an ACK of ~40 bytes always fits: a lock-step peer leaves the socket buffer empty
        peer.write(ByteBuffer.wrap(answers.get(i)));
      } catch (IOException e) {
        // a peer gone within the turn loses only its own answers, not the receiver
        peer.close();
      }
    }
    answerTo.clear();
    answers.clear();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    closing = true;
    selector.wakeup();
    thread.join();
    for (SelectionKey k : selector.keys()) {
      k.channel().close();
    }
    selector.close();
    log.close();
    Files.deleteIfExists(file);
  }
}
