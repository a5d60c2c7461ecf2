package io.chektbridge.daemon.cloud.fake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP proxy on loopback, as site networks put between the bridge and the internet: CONNECT
 * tunnels (what an https base URL uses) and absolute-form requests (plain http, what the loopback
 * fake uses), each optionally behind Basic proxy authentication answered with 407. It counts what
 * it carried.
 */
public final class LoopbackProxy implements AutoCloseable {
  private final ServerSocket server;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "loopback-proxy");
            t.setDaemon(true);
            return t;
          });
  private final String expectedAuth;
  private final AtomicInteger forwarded = new AtomicInteger();
  private final AtomicInteger tunnels = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  /** {@code user:password} to require, or null for an open proxy. */
  public LoopbackProxy(String credentials) throws IOException {
    this.expectedAuth =
        credentials == null
            ? null
            : "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Requests forwarded to their origin (absolute-form). */
  public int forwarded() {
    return forwarded.get();
  }

  public int tunnels() {
    return tunnels.get();
  }

  /** Requests answered 407. */
  public int refused() {
    return refused.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        threads.execute(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      while (true) {
        List<String> head = readHead(in);
        if (head.isEmpty()) {
          return;
        }
        String[] requestLine = head.get(0).split(" ");
        String auth = header(head, "proxy-authorization");
        if (expectedAuth != null && !expectedAuth.equals(auth)) {
          refused.incrementAndGet();
          skipBody(in, head);
          out.write(
              ("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"site\"\r\n"
                      + "Content-Length: 0\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          continue;
        }
        if (requestLine[0].equals("CONNECT")) {
          tunnel(requestLine[1], client, in, out);
          return;
        }
        forward(requestLine, head, in, out);
      }
    } catch (IOException e) {
      // the client went away; nothing to clean up beyond the socket
    }
  }

  private void tunnel(String hostPort, Socket client, InputStream in, OutputStream out)
      throws IOException {
    tunnels.incrementAndGet();
    String[] hp = hostPort.split(":");
    try (Socket origin = new Socket(hp[0], Integer.parseInt(hp[1]))) {
      out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      threads.execute(() -> copy(originStream(origin), out));
      copy(in, origin.getOutputStream());
    }
  }

  private static InputStream originStream(Socket s) {
    try {
      return s.getInputStream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void forward(String[] requestLine, List<String> head, InputStream in, OutputStream out)
      throws IOException {
    forwarded.incrementAndGet();
    java.net.URI target = java.net.URI.create(requestLine[1]);
    byte[] body = in.readNBytes(contentLength(head));
    try (Socket origin = new Socket(target.getHost(), target.getPort())) {
      StringBuilder req =
          new StringBuilder(requestLine[0])
              .append(' ')
              .append(target.getRawPath())
              .append(target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
              .append(" HTTP/1.1\r\n");
      for (String h : head.subList(1, head.size())) {
        String name = h.substring(0, h.indexOf(':')).toLowerCase(Locale.ROOT);
        if (!name.startsWith("proxy-") && !name.equals("connection")) {
          req.append(h).append("\r\n");
        }
      }
      req.append("Connection: close\r\n\r\n");
      OutputStream o = origin.getOutputStream();
      o.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      o.write(body);
      o.flush();
      InputStream answer = origin.getInputStream();
      List<String> answerHead = readHead(answer);
      byte[] answerBody = answer.readNBytes(contentLength(answerHead));
      StringBuilder resp = new StringBuilder();
      for (String h : answerHead) {
        if (!h.toLowerCase(Locale.ROOT).startsWith("connection:")) {
          resp.append(h).append("\r\n");
        }
      }
      out.write(resp.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(answerBody);
      out.flush();
    }
  }

  private static void copy(InputStream from, OutputStream to) {
    try {
      from.transferTo(to);
    } catch (IOException e) {
      // one side closed: the tunnel is over
    }
  }

  private static void skipBody(InputStream in, List<String> head) throws IOException {
    in.readNBytes(contentLength(head));
  }

  private static int contentLength(List<String> head) {
    String v = header(head, "content-length");
    return v == null ? 0 : Integer.parseInt(v.trim());
  }

  private static String header(List<String> head, String name) {
    for (String h : head.subList(Math.min(1, head.size()), head.size())) {
      int colon = h.indexOf(':');
      if (colon > 0 && h.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
        return h.substring(colon + 1).trim();
      }
    }
    return null;
  }

  /**
   * The request or status line and the header lines, up to the blank line; empty at end of stream.
   */
  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1).replaceAll("\r$", "");
        line.reset();
        if (text.isEmpty()) {
          return lines;
        }
        lines.add(text);
      } else {
        line.write(b);
      }
    }
    return List.of();
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
