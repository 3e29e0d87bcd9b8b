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
      "no header                | NULL                 | needs an API token",
      "empty header             | ''                   | needs an API token",
      "another scheme           | Basic czNjcmV0LW9uZQ== | needs an API token",
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
}
