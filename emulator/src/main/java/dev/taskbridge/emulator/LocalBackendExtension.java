package dev.taskbridge.emulator;

import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs one {@link LocalBackend} per test class.
 *
 * <p>Register it on a static field to configure it and reach the backend from the field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LocalBackendExtension EMULATOR =
 *     LocalBackendExtension.configured(b -> b.clock(new ManualClock()));
 * }</pre>
 *
 * or with {@code @ExtendWith(LocalBackendExtension.class)} for the defaults. (Registered on an
 * instance field instead, it runs one backend per test.) Test methods and constructors may declare
 * parameters of type {@link LocalBackend}, {@link Faults} and {@link ManualClock} (when configured
 * with one). Injected faults are cleared before each test. The extension does not hand out SDK
 * clients, so that the emulator needs no AWS SDK at run time: build them with {@code
 * endpointOverride(backend.endpoint())}.
 */
public final class LocalBackendExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {

  private final Consumer<LocalBackend.Builder> config;
  private @Nullable LocalBackend backend;
  private boolean classScoped;

  /** An extension running an emulator with the default settings. */
  public LocalBackendExtension() {
    this(b -> {});
  }

  private LocalBackendExtension(Consumer<LocalBackend.Builder> config) {
    this.config = config;
  }

  /** An extension whose emulator is configured by {@code config} before it starts. */
  public static LocalBackendExtension configured(Consumer<LocalBackend.Builder> config) {
    return new LocalBackendExtension(Objects.requireNonNull(config, "config"));
  }

  /**
   * The running backend of the current test class.
   *
   * @throws IllegalStateException outside a test class's lifetime
   */
  public synchronized LocalBackend backend() {
    LocalBackend b = backend;
    if (b == null) {
      throw new IllegalStateException("the emulator runs only while a test class executes");
    }
    return b;
  }

  private synchronized LocalBackend ensureStarted() {
    LocalBackend b = backend;
    if (b == null) {
      LocalBackend.Builder builder = LocalBackend.builder();
      config.accept(builder);
      b = builder.start();
      backend = b;
    }
    return b;
  }

  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    classScoped = true;
    ensureStarted();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    ensureStarted().faults().clear();
  }

  /** Registered on an instance field, the extension lives per test: stop after each. */
  @Override
  public synchronized void afterEach(ExtensionContext context) {
    if (!classScoped) {
      stop();
    }
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    classScoped = false;
    stop();
  }

  private synchronized void stop() {
    LocalBackend b = backend;
    backend = null;
    if (b != null) {
      b.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    Class<?> type = parameter.getParameter().getType();
    if (type == ManualClock.class) {
      return ensureStarted().clock() instanceof ManualClock;
    }
    return type == LocalBackend.class || type == Faults.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
    Class<?> type = parameter.getParameter().getType();
    LocalBackend b = ensureStarted();
    if (type == Faults.class) {
      return b.faults();
    }
    if (type == ManualClock.class) {
      return b.manualClock();
    }
    return b;
  }
}
