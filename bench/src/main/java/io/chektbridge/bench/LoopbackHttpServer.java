package io.chektbridge.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK HTTP server on a loopback port, tuned so that the bench's cloud stand-ins add no stall of
 * their own.
 */
final class LoopbackHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads;

  LoopbackHttpServer(int threadCount, HttpHandler handler) throws IOException {
    // The JDK server writes a response's headers and body in two segments; with Nagle on, the body
    // waits for the client's delayed ACK (40 ms on Linux), which would cap a stand-in at ~25
    // requests/s on one connection and put its own stall into every figure. Read once, at first
    // use.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    this.threads = Executors.newFixedThreadPool(threadCount);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/", handler);
    server.setExecutor(threads);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Sends a JSON answer, with whatever headers the handler already set on {@code ex}. */
  static void answer(HttpExchange ex, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
