package io.mmpipe.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.ServiceUnavailableResponse;
import io.mmpipe.gateway.cache.ReadCache;
import io.mmpipe.mattermost.rest.MattermostApiException;
import io.mmpipe.runtime.config.Secret;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Token → user without Redis (the memory fallback); the IT covers Redis and the simulator's revoke. */
class MattermostUsersTest {

  private final AtomicLong now = new AtomicLong();
  private final AtomicInteger asked = new AtomicInteger();
  private final AtomicReference<Integer> refusal = new AtomicReference<>();
  private final ReadCache none = new ReadCache(null, "t:", () -> { }, () -> { });
  private final MattermostUsers users = new MattermostUsers(none, this::me,
      new Memberships(none, t -> Set.of(), Duration.ofSeconds(30), 10, now::get), Duration.ofSeconds(30), 3,
      now::get);

  private JsonNode me(Secret token) {
    asked.incrementAndGet();
    if (refusal.get() != null) {
      throw new MattermostApiException(refusal.get() == 0 ? MattermostApiException.Kind.RETRIABLE
          : MattermostApiException.Kind.AUTH, refusal.get(), null, "refused", null);
    }
    return new ObjectMapper().createObjectNode().put("id", "u-" + token.reveal()).put("username", token.reveal());
  }

  @Test
  void shouldTrustAResolvedTokenForTheTtlOnlySoARevokedOneStopsWithinIt() {
    Principal.MattermostUser alice = users.resolve(Secret.of("alice")).orElseThrow();
    assertThat(alice.userId()).isEqualTo("u-alice");
    assertThat(alice.name()).isEqualTo("mm:alice");
    assertThat(alice.mattermostToken()).hasValue(Secret.of("alice"));
    refusal.set(401); // revoked
    now.addAndGet(Duration.ofSeconds(29).toNanos());
    assertThat(users.resolve(Secret.of("alice"))).isPresent();
    assertThat(asked).hasValue(1);
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(users.resolve(Secret.of("alice"))).isEmpty();
    assertThat(asked).hasValue(2);
  }

  @Test
  void shouldAnswer503NotAnEmptyUserWhenMattermostCannotBeAsked() {
    refusal.set(0);
    assertThatThrownBy(() -> users.resolve(Secret.of("bob"))).isInstanceOf(ServiceUnavailableResponse.class)
        .hasMessageNotContaining("bob");
  }

  @Test
  void shouldKeepABoundedNumberOfTokensInMemory() {
    for (int i = 0; i < 40; i++) {
      users.resolve(Secret.of("t" + i));
      assertThat(users.cachedTokens()).isLessThanOrEqualTo(3);
    }
  }

  @Test
  void shouldKeyTheCacheByTheTokensDigestNeverTheToken() {
    assertThat(MattermostUsers.sha256("secret-token")).hasSize(64).doesNotContain("secret");
  }
}
