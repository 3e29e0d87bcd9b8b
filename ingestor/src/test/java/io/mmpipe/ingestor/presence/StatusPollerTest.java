package io.mmpipe.ingestor.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.ingestor.channels.ChannelDirectory;
import io.mmpipe.ingestor.channels.TestChannels;
import io.mmpipe.ingestor.mapping.KeyedEvent;
import io.mmpipe.ingestor.mapping.RawEventMapper;
import io.mmpipe.ingestor.metrics.IngestorMetrics;
import io.mmpipe.ingestor.publish.RecordingPublisher;
import io.mmpipe.schemas.avro.Source;
import io.mmpipe.schemas.avro.StatusPayload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusPollerTest {

  private final Map<String, List<String>> members = new HashMap<>();
  private final Map<String, String> status = new HashMap<>();
  private final List<Integer> batchSizes = new ArrayList<>();
  private final RecordingPublisher publisher = new RecordingPublisher();
  private final List<KeyedEvent> out = publisher.out;
  private final IngestorMetrics metrics = new IngestorMetrics();

  private final StatusSource source = new StatusSource() {
    @Override
    public List<String> members(String channelId) {
      return members.getOrDefault(channelId, List.of());
    }

    @Override
    public Map<String, String> statuses(Collection<String> userIds) {
      batchSizes.add(userIds.size());
      Map<String, String> m = new HashMap<>();
      userIds.forEach(u -> {
        if (status.containsKey(u)) {
          m.put(u, status.get(u));
        }
      });
      return m;
    }
  };

  private StatusPoller poller(int maxUsers, String skip) {
    ChannelDirectory dir = TestChannels.directory(members.keySet().stream().sorted().toList());
    return new StatusPoller(source, dir, new RawEventMapper("http://mm", "i", dir::teamOf), publisher,
        Duration.ofSeconds(60), maxUsers, skip, metrics, () -> 42L);
  }

  private List<String> emitted() {
    return out.stream().map(k -> {
      StatusPayload p = (StatusPayload) k.event().getPayload();
      return p.getUserId() + "=" + p.getStatus();
    }).toList();
  }

  @Test
  void shouldEmitOnlyChangesAfterTheFirstReading() {
    members.put("c1", List.of("alice", "bob", "bot"));
    members.put("c2", List.of("bob", "carol"));
    status.putAll(Map.of("alice", "online", "bob", "away", "carol", "online", "bot", "online"));
    StatusPoller p = poller(100, "bot");
    p.pass();
    assertThat(out).as("the first reading is the baseline").isEmpty();
    p.pass();
    assertThat(out).as("nothing changed").isEmpty();
    status.put("bob", "dnd");
    status.put("bot", "away"); // the bot's own status comes over its WebSocket
    p.pass();
    assertThat(emitted()).containsExactly("bob=dnd");
    KeyedEvent e = out.getFirst();
    assertThat(e.key()).isEqualTo("user:bob");
    assertThat(e.event().getEventType()).isEqualTo("status_change");
    assertThat(e.event().getSource()).isEqualTo(Source.POLL);
    assertThat(e.event().getObservedAt()).isEqualTo(42L);
    assertThat(e.event().getChannelId()).isNull();
    p.pass();
    assertThat(emitted()).as("a change is emitted once").containsExactly("bob=dnd");
    assertThat(metrics.statusPolls()).isEqualTo(4);
  }

  @Test
  void shouldRememberAtMostMaxUsersAndOnlyCurrentMembers() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 450; i++) {
      many.add("u" + i);
      status.put("u" + i, "online");
    }
    members.put("c1", many);
    StatusPoller p = poller(300, null);
    p.pass();
    assertThat(p.remembered()).isEqualTo(300);
    assertThat(batchSizes).as("at most 200 ids a request").containsExactly(200, 100);
    members.put("c1", many.subList(0, 10)); // the others left the channel
    p.pass();
    assertThat(p.remembered()).isEqualTo(10);
    status.put("u400", "dnd"); // past the cap: never polled, never emitted
    status.put("u3", "away");
    p.pass();
    assertThat(emitted()).containsExactly("u3=away");
  }

  @Test
  void shouldAnnounceAChangeAgainWhenKafkaDidNotTakeIt() {
    members.put("c1", List.of("alice"));
    status.put("alice", "online");
    StatusPoller p = poller(100, null);
    p.pass();
    status.put("alice", "dnd");
    publisher.refusing = true;
    assertThatThrownBy(p::pass).as("the refused delivery fails the pass").isInstanceOf(RuntimeException.class);
    publisher.refusing = false;
    publisher.up = false;
    p.pass();
    assertThat(batchSizes).as("nothing is read while Kafka is away").hasSize(2);
    publisher.up = true;
    p.pass();
    assertThat(emitted()).as("the change Kafka refused is announced on the next pass").containsExactly("alice=dnd");
  }
}
