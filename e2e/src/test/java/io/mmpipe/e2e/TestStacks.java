package io.mmpipe.e2e;

import io.mmpipe.devstack.DemoOptions;
import io.mmpipe.devstack.DemoStack;
import io.mmpipe.testkit.KafkaExtension;
import java.util.Map;

/** The demo stack as the end-to-end tests start it: free ports, three partitions, topics of their own. */
final class TestStacks {

  private TestStacks() {}

  /** A stack on topics prefixed with a unique name made from {@code name}, with {@code env} for every tier. */
  static DemoStack start(String name, Map<String, String> env) {
    return DemoStack.start(new DemoOptions(0, null, null, 0, 0, 3, 3, KafkaExtension.uniqueName(name) + ".", env));
  }

  static void stop(DemoStack stack) {
    if (stack != null) {
      stack.close();
    }
  }
}
