package io.mmpipe.sim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokensTest {

  private final Ids ids = new Ids(7);
  private final Tokens tokens = new Tokens();

  private AccessToken token(String user, boolean personal) {
    return new AccessToken(ids.next(), ids.next(), user, personal ? "t" : "", personal);
  }

  @Test
  void shouldDropTheOldestLoginSessionPastTheLimit() {
    AccessToken first = token("u", false);
    tokens.add(first);
    for (int i = 1; i < Tokens.MAX_SESSIONS_PER_USER; i++) {
      tokens.add(token("u", false));
    }
    assertThat(tokens.byToken(first.token())).isPresent();
    AccessToken newest = token("u", false);
    tokens.add(newest);
    assertThat(tokens.byToken(first.token())).isEmpty();
    assertThat(tokens.byId(first.id())).isEmpty();
    assertThat(tokens.byToken(newest.token())).isPresent();
    assertThat(tokens.count("u", false)).isEqualTo(Tokens.MAX_SESSIONS_PER_USER);
  }

  @Test
  void shouldRefuseOnePersonalTokenTooManyAndKeepTheOthers() {
    for (int i = 0; i < Tokens.MAX_PERSONAL_PER_USER; i++) {
      tokens.add(token("u", true));
    }
    assertThatThrownBy(() -> tokens.add(token("u", true))).isInstanceOf(ApiException.class)
        .hasMessageContaining("at most " + Tokens.MAX_PERSONAL_PER_USER)
        .extracting(e -> ((ApiException) e).errorId()).isEqualTo("app.user_access_token.save.app_error");
    assertThat(tokens.personalOf("u")).hasSize(Tokens.MAX_PERSONAL_PER_USER);
    tokens.add(token("other", true)); // the limit is per user
    assertThat(tokens.personalOf("other")).hasSize(1);
  }

  @Test
  void shouldKeepNamingTheFirstTokenAfterItIsRevoked() {
    AccessToken seeded = token("u", true);
    tokens.add(seeded);
    tokens.add(token("u", true));
    assertThat(tokens.remove(seeded.token())).isTrue();
    assertThat(tokens.remove(seeded.token())).isFalse();
    assertThat(tokens.firstOf("u")).isEqualTo(seeded.token());
    assertThat(tokens.byToken(seeded.token())).isEmpty();
  }
}
