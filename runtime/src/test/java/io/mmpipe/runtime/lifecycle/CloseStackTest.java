package io.mmpipe.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloseStackTest {

  private final List<String> closedInOrder = new ArrayList<>();

  private AutoCloseable named(String name) {
    return () -> closedInOrder.add(name);
  }

  @Test
  void shouldCloseInTheReverseOrderOfStarting() {
    CloseStack stack = new CloseStack("test");
    stack.push("kafka", named("kafka"));
    stack.push("processor", named("processor"));
    stack.push("gateway", named("gateway"));

    stack.close();

    assertThat(closedInOrder).containsExactly("gateway", "processor", "kafka");
  }

  @Test
  void shouldCloseTheRestWhenOneFailsToClose() {
    CloseStack stack = new CloseStack("test");
    stack.push("first", named("first"));
    stack.push("broken", () -> {
      throw new IllegalStateException("boom");
    });
    stack.push("last", named("last"));

    stack.close();

    assertThat(closedInOrder).containsExactly("last", "first");
    assertThat(stack.open()).isEmpty();
  }

  @Test
  void shouldCloseOnlyOnce() {
    CloseStack stack = new CloseStack("test");
    stack.push("one", named("one"));

    stack.close();
    stack.close();

    assertThat(closedInOrder).containsExactly("one");
    assertThat(stack.isClosed()).isTrue();
  }

  @Test
  void shouldCloseAtOnceWhatIsPushedAfterClosing() {
    CloseStack stack = new CloseStack("test");
    stack.close();

    AutoCloseable late = stack.push("late", named("late"));

    assertThat(late).isNotNull();
    assertThat(closedInOrder).containsExactly("late");
    assertThat(stack.open()).isEmpty();
  }

  @Test
  void shouldNameWhatIsOpenMostRecentFirst() {
    CloseStack stack = new CloseStack("test");
    stack.push("a", named("a"));
    stack.push("b", named("b"));

    assertThat(stack.open()).containsExactly("b", "a");
  }
}
