package io.mmpipe.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.http.UnauthorizedResponse;
import io.mmpipe.runtime.config.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BearerAuthTest {

  private final BearerAuth auth = BearerAuth.of(List.of(Secret.of("ci=s3cret-one"), Secret.of("plain-two")));

  @Test
  void shouldKnowTheHolderOfEachTokenByName() {
    assertThat(auth.authenticate("Bearer s3cret-one")).isEqualTo(new Principal.ApiTokenHolder("ci"));
    assertThat(auth.authenticate("bearer plain-two")).isEqualTo(new Principal.ApiTokenHolder("token-2"));
  }

  /** Bad input → answer: every refusal is a 401 with the Bearer challenge, and no message repeats the token. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "no header                | NULL                 | needs a token",
      "empty header             | ''                   | needs a token",
      "another scheme           | Basic czNjcmV0LW9uZQ== | needs a token",
      "Bearer and nothing       | 'Bearer '            | not valid",
      "a wrong token            | Bearer s3cret-on     | not valid",
      "the name, not the token  | Bearer ci            | not valid",
      "the name=token entry     | Bearer ci=s3cret-one | not valid"})
  void shouldRefuseWithA401AndTheChallenge(String what, String header, String message) {
    assertThatThrownBy(() -> auth.authenticate(header))
        .isInstanceOfSatisfying(UnauthorizedResponse.class, e -> {
          assertThat(e.getStatus()).isEqualTo(401);
          assertThat(e.getMessage()).contains(message).doesNotContain("s3cret");
          assertThat(e.getDetails()).containsEntry("WWW-Authenticate", BearerAuth.CHALLENGE);
        });
  }

  @Test
  void shouldRefuseAConfigurationWithoutTokensOrWithAnEmptyOne() {
    assertThatThrownBy(() -> BearerAuth.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BearerAuth.of(List.of(Secret.of("name= "))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
  }

  @Test
  void shouldGiveATokenWithAChannelListOnlyThoseChannels() {
    BearerAuth scoped = BearerAuth.of(List.of(Secret.of("ops[c1|c2]=tok-ops"), Secret.of("all[*]=tok-all")));
    Principal ops = scoped.authenticate("Bearer tok-ops");
    assertThat(ops).isEqualTo(new Principal.ApiTokenHolder("ops", ChannelScope.of(java.util.Set.of("c1", "c2"))));
    assertThat(ops.canSeeChannel("c1")).isTrue();
    assertThat(ops.canSeeChannel("c2")).isTrue();
    assertThat(ops.canSeeChannel("c3")).isFalse();
    assertThat(ops.canSeeChannel(null)).as("no channel: not channel data").isTrue();
    assertThat(ops.seesEveryChannel()).isFalse();
    assertThat(ops.maySendBroadcasts()).isFalse();
    Principal all = scoped.authenticate("Bearer tok-all");
    assertThat(all.seesEveryChannel()).isTrue();
    assertThat(all.maySendBroadcasts()).isTrue();
  }

  /** Bad input → answer: a malformed channel list stops the configuration, naming the token, never the token. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "empty list      ; ops[]=tok-1     ; empty channel list",
      "blank list      ; ops[ | ]=tok-1  ; empty channel list",
      "unclosed list   ; ops[c1=tok-1    ; name[id|id]=token"})
  void shouldRefuseABadChannelList(String what, String entry, String message) {
    assertThatThrownBy(() -> BearerAuth.of(List.of(Secret.of(entry))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message).hasMessageNotContaining("tok-1");
  }

  @Test
  void shouldLetNoHeaderBeAnonymousOnlyWhereAllowed() {
    BearerAuth open = BearerAuth.of(List.of(Secret.of("ci=s3cret-one")), null, true);
    assertThat(open.authenticate(null)).isEqualTo(new Principal.Anonymous());
    assertThat(open.authenticate("Bearer s3cret-one")).isEqualTo(new Principal.ApiTokenHolder("ci"));
    assertThatThrownBy(() -> open.authenticate("Bearer wrong")).isInstanceOf(UnauthorizedResponse.class);
    assertThatThrownBy(() -> auth.authenticate(null)).isInstanceOf(UnauthorizedResponse.class);
  }
}
