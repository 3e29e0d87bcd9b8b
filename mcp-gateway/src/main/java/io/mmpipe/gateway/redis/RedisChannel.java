package io.mmpipe.gateway.redis;

import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One Redis pub/sub channel every instance subscribes to (the MCP instance bus, the operation events): a daemon
 * thread holds the subscription and reconnects while Redis is away; messages reach the handler in the order Redis
 * delivered them, on that one thread. At most once: what is published while an instance reconnects is lost to it.
 */
public final class RedisChannel implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisChannel.class);
  private final URI url;
  private final String channel;
  private final String threadName;
  private final CountDownLatch subscribed = new CountDownLatch(1);
  private volatile boolean closed;
  private volatile JedisPubSub listener;
  private volatile Jedis connection;
  private Thread thread;

  public RedisChannel(URI redisUrl, String channel, String threadName) {
    this.url = redisUrl;
    this.channel = channel;
    this.threadName = threadName;
  }

  /** Publishes on the channel with {@code redis}; false (and a debug line) when Redis cannot be reached. */
  public boolean publish(RedisClient redis, String message) {
    try {
      redis.publish(channel, message);
      return true;
    } catch (JedisException e) {
      log.debug("could not publish on {}: {}", channel, e.toString());
      return false;
    }
  }

  /**
   * Starts delivering messages to {@code handler}; waits up to 5 s for the first subscription, so that a message
   * published right after start reaches us (Redis may be down: then it goes on without).
   */
  public synchronized void start(Consumer<String> handler) {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    thread = Thread.ofPlatform().daemon().name(threadName).start(() -> listen(handler));
    try {
      subscribed.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void listen(Consumer<String> handler) {
    while (!closed) {
      try (Jedis j = RedisClients.subscriber(url)) {
        connection = j;
        JedisPubSub l = new JedisPubSub() {
          @Override
          public void onSubscribe(String ch, int count) {
            subscribed.countDown();
          }

          @Override
          public void onMessage(String ch, String message) {
            try {
              handler.accept(message);
            } catch (RuntimeException e) {
              log.warn("ignoring a message on {} that could not be handled: {}", channel, e.toString());
            }
          }
        };
        listener = l;
        j.subscribe(l, channel);
      } catch (JedisException e) {
        if (!closed) {
          log.debug("{} disconnected, reconnecting: {}", channel, e.toString());
          sleep();
        }
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    JedisPubSub l = listener;
    try {
      if (l != null && l.isSubscribed()) {
        l.unsubscribe();
      }
    } catch (RuntimeException e) {
      log.debug("unsubscribe on close: {}", e.toString());
    }
    Jedis c = connection;
    if (c != null) {
      c.close();
    }
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
