package io.mmpipe.streams.sightings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.schemas.avro.GenericPayload;
import io.mmpipe.schemas.avro.MembershipPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.StatusPayload;
import io.mmpipe.schemas.avro.TypingPayload;
import io.mmpipe.streams.metrics.ProcessorMetrics;
import io.mmpipe.streams.state.IncrementalExpiry;
import io.mmpipe.streams.state.StateSection;
import io.mmpipe.streams.updates.Candidate;
import io.mmpipe.streams.updates.GapUpdates;
import io.mmpipe.streams.updates.Updates;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Status, membership and typing updates, numbered by state (store {@value #STORE}, {@link SightingRules}) so that
 * any number of ingestors give the updates one gives. Subjects live under the record's key (a status under
 * {@code user:<id>}, the others under their channel), so no repartition is needed. Channel events and unknown events
 * produce no update (no resource carries them yet); they still count in the records-in metric.
 */
public final class SightingProcessor implements Processor<String, RawEvent, String, Candidate> {

  /** Subject → its recent sightings (section of the shared store, StateSection). */
  public static final StateSection.Kind<Sightings> SIGHTINGS =
      new StateSection.Kind<>("sightings", 's', new SightingsSerde());
  /**
   * Two ingestors' copies of one change are observed this close together (network and clock skew between hosts);
   * one subject changing to the same value twice within it is still two changes when one ingestor sees both.
   */
  public static final Duration WINDOW = Duration.ofSeconds(10);

  private final Duration retention;
  private final long windowMs;
  private final ProcessorMetrics metrics;
  private ProcessorContext<String, Candidate> context;
  private StateSection<Sightings> store;

  /**
   * @param retention how long an idle subject is remembered; at least the dedupe retention, so a counter that
   *                  restarts never meets an id the dedupe stage still knows
   * @param window    how far apart two ingestors' copies of one change may be observed
   */
  public SightingProcessor(Duration retention, Duration window, ProcessorMetrics metrics) {
    this.retention = retention;
    this.windowMs = window.toMillis();
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Candidate> context) {
    this.context = context;
    this.store = StateSection.open(context, SIGHTINGS);
    IncrementalExpiry.schedule(context, store, Sightings::lastSeenAt, Sightings::seenAt, retention, metrics);
  }

  @Override
  public void process(Record<String, RawEvent> record) {
    RawEvent e = record.value();
    if (e.getPayload() instanceof GenericPayload && "gap".equals(e.getEventType())) {
      // a catch-up gap names its window: no state is needed to give a repeated report the same ids
      GapUpdates.derive(e).forEach(g -> context.forward(record.withValue(g)));
      return;
    }
    Candidate c = switch (e.getPayload()) {
      case StatusPayload s -> status(e, s);
      case MembershipPayload m -> membership(record.key(), e, m);
      case TypingPayload t -> typing(record.key(), e, t);
      default -> null;
    };
    if (c != null) {
      context.forward(record.withValue(c));
    }
  }

  /** Applies one observation to the subject's state; returns the new change's number, 0 if there is none. */
  private int observe(String subject, String value, boolean stateful, RawEvent e) {
    Sightings before = store.get(subject);
    String frame = e.getConnectionId() == null || e.getSeq() == null ? null : e.getConnectionId() + "#" + e.getSeq();
    SightingRules.Outcome o = SightingRules.observe(before == null ? Sightings.empty() : before, value, stateful,
        e.getObservedAt(), e.getIngestorId(), frame, windowMs);
    if (!o.next().equals(before == null ? Sightings.empty() : before)) {
      store.put(subject, o.next());
    }
    return o.n();
  }

  private Candidate status(RawEvent e, StatusPayload s) {
    int n = observe("status\u0000" + s.getUserId(), s.getStatus(), true, e);
    if (n == 0) {
      return null;
    }
    return Updates.update("status_" + s.getUserId() + "_" + s.getStatus() + "_" + n, Updates.USER_STATUS,
        "status_changed",
        Updates.tree(() -> Updates.object().put("user_id", s.getUserId()).put("status", s.getStatus())),
        e.getObservedAt(), null, null, s.getUserId(), e);
  }

  private Candidate membership(String key, RawEvent e, MembershipPayload m) {
    String channel = first(m.getChannelId(), e.getChannelId(), key);
    String team = first(m.getTeamId(), e.getTeamId(), "");
    String change = "user_added".equals(e.getEventType()) ? "added" : "removed";
    int n = observe("member\u0000" + channel + "\u0000" + m.getUserId(), change, true, e);
    if (n == 0) {
      return null;
    }
    return Updates.update("member_" + channel + "_" + m.getUserId() + "_" + change + "_" + n,
        Updates.CHANNEL_MEMBERSHIP, "member_" + change, Updates.tree(() -> {
          ObjectNode d = Updates.object().put("user_id", m.getUserId()).put("channel_id", channel)
              .put("team_id", team);
          if (m.getActorId() != null) {
            d.put("actor_id", m.getActorId());
          }
          return d;
        }), e.getObservedAt(), channel, team, m.getUserId(), e);
  }

  private Candidate typing(String key, RawEvent e, TypingPayload t) {
    String channel = first(e.getChannelId(), key, "");
    String parent = t.getParentId() == null ? "" : t.getParentId();
    int n = observe("typing\u0000" + channel + "\u0000" + t.getUserId(), parent, false, e);
    if (n == 0) {
      return null;
    }
    return Updates.update("typing_" + channel + "_" + t.getUserId() + "_" + n, Updates.TYPING, "typing",
        Updates.tree(() -> Updates.object().put("user_id", t.getUserId()).put("channel_id", channel)
            .put("parent_id", parent)),
        e.getObservedAt(), channel, e.getTeamId(), t.getUserId(), e);
  }

  private static String first(String a, String b, String c) {
    if (a != null && !a.isEmpty()) {
      return a;
    }
    return b != null && !b.isEmpty() ? b : c;
  }
}
