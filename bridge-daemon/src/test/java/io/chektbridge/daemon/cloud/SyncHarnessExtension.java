package io.chektbridge.daemon.cloud;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Puts a fresh {@link SyncHarness}, in a temporary directory of its own, into the test's
 * SyncHarness field before each test; JUnit closes it and removes the directory after the test,
 * whatever the outcome.
 */
final class SyncHarnessExtension implements BeforeEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SyncHarnessExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    Object test = context.getRequiredTestInstance();
    Field field = harnessField(test.getClass());
    Path dir = Files.createTempDirectory("sync-harness");
    SyncHarness harness = new SyncHarness(dir);
    context.getStore(NAMESPACE).put(SyncHarness.class, new Opened(harness, dir));
    field.setAccessible(true);
    field.set(test, harness);
  }

  private static Field harnessField(Class<?> testClass) {
    return Stream.of(testClass.getDeclaredFields())
        .filter(f -> f.getType() == SyncHarness.class)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    testClass.getSimpleName() + " has no SyncHarness field to fill"));
  }

  /** Stored so that JUnit closes it when the test's context ends. */
  private record Opened(SyncHarness harness, Path dir) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      harness.close();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
