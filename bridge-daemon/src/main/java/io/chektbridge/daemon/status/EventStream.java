package io.chektbridge.daemon.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live event stream of the status port ({@code GET /events}, server-sent events), which feeds
 * walk-test and the HTML page. Components call {@link #publish}; each subscriber gets {@code event:
 * <type>} and {@code data: <json>}. Nothing queues without bound: a subscriber that cannot keep up
 * (its socket buffer full) is disconnected, and at most {@link #MAX_SUBSCRIBERS} listen at once.
 * The last {@link #RECENT} events are kept for the status page's event list.
 */
public final class EventStream {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  public static final int MAX_SUBSCRIBERS = 16;
  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

  /** How many published events the status page lists. */
  public static final int RECENT = 20;

  /** One published event as the status page lists it. */
  public record Published(Instant at, String type, Object payload) {}

  private final ObjectMapper json = new ObjectMapper();
  private final Set<Channel> subscribers = ConcurrentHashMap.newKeySet();
  private final LongAdder published = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final Deque<Published> recent = new ArrayDeque<>(RECENT);
  private final Clock clock;

  public EventStream(Clock clock) {
    this.clock = clock;
  }

  /**
   * Sends an event to every subscriber now, e.g. {@code publish("zone", Map.of("zone", 5, "state",
   * "open"))}. {@code type} is lower-case letters, digits, {@code _ . -}; {@code payload} anything
   * Jackson can serialize. Never blocks and never throws for a slow or gone subscriber.
   */
  public void publish(String type, Object payload) {
    if (type == null || !TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException("event type '" + type + "' must match " + TYPE.pattern());
    }
    published.increment();
    remember(new Published(clock.instant(), type, payload));
    if (subscribers.isEmpty()) {
      return;
    }
    String data;
    try {
      data = json.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "event payload of type " + type + " is not serializable: " + e.getOriginalMessage());
    }
    // JSON from Jackson has no raw newlines, so one data: line carries it whole.
    broadcast("event: " + type + "\ndata: " + data + "\n\n");
  }

  private void remember(Published p) {
    synchronized (recent) {
      if (recent.size() == RECENT) {
        recent.removeLast();
      }
      recent.addFirst(p);
    }
  }

  /** The last {@link #RECENT} events published, newest first. */
  public List<Published> recent() {
    synchronized (recent) {
      return new ArrayList<>(recent);
    }
  }

  /** A comment line keeps idle connections (and proxies) from timing out. */
  void heartbeat() {
    broadcast(": keep-alive\n\n");
  }

  private void broadcast(String frame) {
    ByteBuf bytes = Unpooled.copiedBuffer(frame, StandardCharsets.UTF_8);
    try {
      for (Channel ch : subscribers) {
        if (!ch.isWritable()) {
          dropped.increment();
          LOG.info("Event stream client {} is not reading; disconnecting it", ch.remoteAddress());
          subscribers.remove(ch);
          ch.close();
          continue;
        }
        ch.writeAndFlush(new DefaultHttpContent(bytes.retainedDuplicate()));
      }
    } finally {
      bytes.release();
    }
  }

  /** Adds a subscriber whose response headers were sent; false when the limit is reached. */
  boolean subscribe(Channel channel) {
    synchronized (subscribers) {
      if (subscribers.size() >= MAX_SUBSCRIBERS) {
        return false;
      }
      subscribers.add(channel);
    }
    channel.closeFuture().addListener(f -> subscribers.remove(channel));
    return true;
  }

  /** Ends every stream (daemon shutdown); clients see the connection close. */
  void closeAll() {
    subscribers.forEach(Channel::close);
  }

  public int subscribers() {
    return subscribers.size();
  }

  public long published() {
    return published.sum();
  }

  /** Subscribers disconnected for not keeping up. */
  public long dropped() {
    return dropped.sum();
  }
}
