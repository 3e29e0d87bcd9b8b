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
  void shouldNotCacheInMemoryAScopeLoadedBeforeARemovalThatArrivedDuringTheLoad() throws Exception {
    java.util.concurrent.CountDownLatch loading = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch proceed = new java.util.concurrent.CountDownLatch(1);
    server.set(Set.of("pub", "priv"));
    Memberships racing = new Memberships(new ReadCache(null, "t:", () -> { }, () -> { }), t -> {
      Set<String> answer = server.get();
      if (loads.incrementAndGet() == 1) { // the first load read Mattermost before the removal; it returns after
        loading.countDown();
        try {
          proceed.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return answer;
    }, Duration.ofSeconds(60), 10, now::get);
    var lookup = java.util.concurrent.CompletableFuture.supplyAsync(() -> racing.channels("alice", TOKEN));
    assertThat(loading.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    server.set(Set.of("pub"));
    racing.apply(member("member_removed", "alice", "priv"));
    proceed.countDown();
    assertThat(lookup.get(30, java.util.concurrent.TimeUnit.SECONDS)).containsExactly("pub");
    assertThat(racing.channels("alice", TOKEN)).containsExactly("pub");
    assertThat(loads).as("the racing lookup asked once more, then memory served").hasValue(2);
  }

  @Test
  void shouldSeeNoChannelWhenEveryLookupRacesAChange() {
    AtomicReference<Memberships> self = new AtomicReference<>();
    Memberships churning = new Memberships(new ReadCache(null, "t:", () -> { }, () -> { }), t -> {
      loads.incrementAndGet();
      self.get().apply(member("member_added", "alice", "c" + loads.get())); // a change during every load
      return Set.of("pub");
    }, Duration.ofSeconds(60), 10, now::get);
    self.set(churning);
    assertThat(churning.channels("alice", TOKEN)).isEmpty();
    assertThat(loads).hasValue(Memberships.ATTEMPTS);
  }

  @Test
  void shouldKeepABoundedNumberOfUsersInMemory() {
    for (int i = 0; i < 50; i++) {
      memberships.channels("user" + i, TOKEN);
      assertThat(memberships.cachedUsers()).isLessThanOrEqualTo(2);
    }
  }
}
