package io.mmpipe.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.gateway.cache.ReadCache;
import io.mmpipe.mattermost.rest.MattermostApiException;
import io.mmpipe.runtime.config.Secret;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Scopes without Redis (the memory fallback): loaded once per TTL, changed in place by membership updates. */
class MembershipsTest {

  private static final Secret TOKEN = Secret.of("alice-token");
  private final AtomicLong now = new AtomicLong();
  private final AtomicInteger loads = new AtomicInteger();
  private final AtomicReference<Set<String>> server = new AtomicReference<>(Set.of("pub", "dm"));
  private final Memberships memberships = new Memberships(new ReadCache(null, "t:", () -> { }, () -> { }),
      t -> {
        loads.incrementAndGet();
        if (server.get() == null) {
          throw new MattermostApiException(MattermostApiException.Kind.AUTH, 401, null, "revoked", null);
        }
        return server.get();
      }, Duration.ofSeconds(60), 2, now::get);

  static ResourceUpdate member(String type, String user, String channel) {
    return ResourceUpdate.newBuilder().setEventId("member_" + channel + "_" + user).setResourceUri(
        "mattermost://channel_membership").setUpdateType(type).setDataJson("{}").setTimestamp(1)
        .setChannelId(channel).setUserId(user).build();
  }

  @Test
  void shouldLoadOncePerTtlAndFollowMembershipUpdatesWithoutReloading() {
    assertThat(memberships.isMember("alice", TOKEN, "pub")).isTrue();
    assertThat(memberships.isMember("alice", TOKEN, "priv")).isFalse();
    memberships.apply(member("member_removed", "alice", "pub"));
    memberships.apply(member("member_added", "alice", "priv"));
    memberships.apply(member("member_removed", "bob", "dm")); // another user's change: alice keeps dm
    assertThat(memberships.isMember("alice", TOKEN, "pub")).isFalse();
    assertThat(memberships.isMember("alice", TOKEN, "priv")).isTrue();
    assertThat(memberships.isMember("alice", TOKEN, "dm")).isTrue();
    assertThat(loads).hasValue(1);
    now.addAndGet(Duration.ofSeconds(60).toNanos()); // past the TTL, Mattermost is asked again
    assertThat(memberships.isMember("alice", TOKEN, "pub")).isTrue();
    assertThat(loads).hasValue(2);
  }

  @Test
  void shouldSeeNoChannelWhenTheTokenIsRefusedAndAskAgainNextTime() {
    server.set(null);
    assertThat(memberships.channels("alice", TOKEN)).isEmpty();
    server.set(Set.of("pub"));
    assertThat(memberships.channels("alice", TOKEN)).containsExactly("pub");
    assertThat(loads).hasValue(2);
  }

  @Test
  void shouldKeepABoundedNumberOfUsersInMemory() {
    for (int i = 0; i < 50; i++) {
      memberships.channels("user" + i, TOKEN);
      assertThat(memberships.cachedUsers()).isLessThanOrEqualTo(2);
    }
  }
}
