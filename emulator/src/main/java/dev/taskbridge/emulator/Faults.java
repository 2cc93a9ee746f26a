package dev.taskbridge.emulator;

import dev.taskbridge.emulator.internal.FaultAction;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Fault injection for one {@link LocalBackend}: makes chosen calls fail, wait or lose their
 * connection.
 *
 * <p>A selector names the calls a rule affects: an exact target such as {@code
 * "AWSStepFunctions.SendTaskFailure"} or {@code "SimpleWorkflowService.RespondActivityTaskFailed"}
 * (the legacy {@code com.amazonaws.swf.service.model.} prefix is normalised away), every operation
 * of a service ({@link #ANY_SFN}, {@link #ANY_SWF}), or {@link #ANY}. Rules are consulted in the
 * order they were added; the first that fires decides the call. Thread safe.
 */
public final class Faults {

  /** Selector for every Step Functions operation. */
  public static final String ANY_SFN = "AWSStepFunctions.*";

  /** Selector for every SWF operation. */
  public static final String ANY_SWF = "SimpleWorkflowService.*";

  /** Selector for every operation. */
  public static final String ANY = "*";

  private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private final String accountId;
  private final String region;

  Faults(String accountId, String region) {
    this.accountId = accountId;
    this.region = region;
  }

  /**
   * Applies {@code fault} to the next {@code times} calls matching {@code selector}.
   *
   * @throws IllegalArgumentException if {@code times} is not positive
   */
  public FaultRule next(int times, String selector, Fault fault) {
    if (times <= 0) {
      throw new IllegalArgumentException("times must be positive: " + times);
    }
    return add(
        new FaultRule(
            ids.incrementAndGet(),
            check(selector),
            Objects.requireNonNull(fault),
            times,
            1.0,
            null));
  }

  /**
   * Applies {@code fault} to each call matching {@code selector} with probability {@code fraction},
   * drawn from a random generator seeded with {@code seed} (reproducible for a given call order),
   * until cancelled.
   *
   * @throws IllegalArgumentException if {@code fraction} is not in [0, 1]
   */
  public FaultRule fraction(double fraction, long seed, String selector, Fault fault) {
    if (!(fraction >= 0.0 && fraction <= 1.0)) {
      throw new IllegalArgumentException("fraction must be in [0, 1]: " + fraction);
    }
    return add(
        new FaultRule(
            ids.incrementAndGet(),
            check(selector),
            Objects.requireNonNull(fault),
            Integer.MAX_VALUE,
            fraction,
            seed));
  }

  /** Removes every rule. */
  public void clear() {
    for (FaultRule r : rules) {
      r.cancel();
    }
    rules.clear();
  }

  /** The rules added and not cleared, in order (including used-up ones). */
  public List<FaultRule> rules() {
    return List.copyOf(rules);
  }

  private FaultRule add(FaultRule rule) {
    rules.add(rule);
    return rule;
  }

  private static String check(String selector) {
    Objects.requireNonNull(selector, "selector");
    if (selector.isEmpty()) {
      throw new IllegalArgumentException("empty selector");
    }
    return selector;
  }

  @Nullable FaultAction next(String target) {
    for (FaultRule r : rules) {
      if (r.matchesTarget(target) && r.tryApply()) {
        return r.fault().toAction(target, accountId, region);
      }
    }
    return null;
  }
}
