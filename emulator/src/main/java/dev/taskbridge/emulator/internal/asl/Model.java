package dev.taskbridge.emulator.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A parsed state machine: one record per state type, per rule and per data-flow field. */
public final class Model {
  private Model() {}

  /** The query language of a state. */
  enum Lang {
    JSONPATH,
    JSONATA
  }

  /** A whole machine, or one branch or item processor of it. */
  record Graph(String startAt, Map<String, State> states, Lang lang) {}

  /** The top-level machine. */
  public record Machine(Graph graph, long timeoutSeconds) {}

  /**
   * The fields every state may use to shape its data: JSONPath mode uses the paths and templates,
   * JSONata mode {@code arguments} and {@code output}; both may {@code assign}.
   */
  record Flow(
      Lang lang,
      @Nullable String inputPath,
      boolean inputPathNull,
      @Nullable JsonNode parameters,
      @Nullable JsonNode resultSelector,
      @Nullable String resultPath,
      boolean resultPathNull,
      @Nullable String outputPath,
      boolean outputPathNull,
      @Nullable JsonNode arguments,
      @Nullable JsonNode output,
      @Nullable JsonNode assign) {}

  /** Where a state goes next: a state name, or the end of its graph. */
  record Transition(@Nullable String next) {
    boolean end() {
      return next == null;
    }
  }

  /** One Retry entry. */
  record Retrier(
      List<String> errorEquals,
      long intervalSeconds,
      int maxAttempts,
      double backoffRate,
      long maxDelaySeconds,
      boolean fullJitter) {}

  /** One Catch entry. */
  record Catcher(
      List<String> errorEquals,
      String next,
      @Nullable String resultPath,
      boolean resultPathNull,
      @Nullable JsonNode output,
      @Nullable JsonNode assign) {}

  /** A value given as a literal, a JSONPath ({@code ...Path}) or a JSONata expression. */
  record Dyn(@Nullable JsonNode literal, @Nullable String path, @Nullable String expr) {
    static final Dyn NONE = new Dyn(null, null, null);

    boolean absent() {
      return literal == null && path == null && expr == null;
    }
  }

  /** A state of any type. */
  sealed interface State permits Task, Pass, Choice, Wait, Succeed, Fail, Parallel, MapState {
    String name();

    Flow flow();

    /** The history event name prefix: {@code Task}, {@code Pass}, ... */
    String kind();
  }

  /** A Task state. */
  record Task(
      String name,
      Flow flow,
      Transition transition,
      String resource,
      Dyn timeoutSeconds,
      Dyn heartbeatSeconds,
      List<Retrier> retry,
      List<Catcher> catches)
      implements State {
    @Override
    public String kind() {
      return "Task";
    }
  }

  /** A Pass state. */
  record Pass(String name, Flow flow, Transition transition, @Nullable JsonNode result)
      implements State {
    @Override
    public String kind() {
      return "Pass";
    }
  }

  /** A Choice state. */
  record Choice(String name, Flow flow, List<Branch> choices, @Nullable String defaultNext)
      implements State {
    @Override
    public String kind() {
      return "Choice";
    }
  }

  /** One entry of {@code Choices}: its rule, its next state and its assignments. */
  record Branch(Rule rule, String next, @Nullable JsonNode assign, @Nullable JsonNode output) {}

  /** A Wait state: exactly one of seconds and timestamp is present. */
  record Wait(String name, Flow flow, Transition transition, Dyn seconds, Dyn timestamp)
      implements State {
    @Override
    public String kind() {
      return "Wait";
    }
  }

  /** A Succeed state. */
  record Succeed(String name, Flow flow) implements State {
    @Override
    public String kind() {
      return "Succeed";
    }
  }

  /** A Fail state. */
  record Fail(String name, Flow flow, Dyn error, Dyn cause) implements State {
    @Override
    public String kind() {
      return "Fail";
    }
  }

  /** A Parallel state. */
  record Parallel(
      String name,
      Flow flow,
      Transition transition,
      List<Graph> branches,
      List<Retrier> retry,
      List<Catcher> catches)
      implements State {
    @Override
    public String kind() {
      return "Parallel";
    }
  }

  /** A Map state (inline; a distributed one runs the same way, its items from the input). */
  record MapState(
      String name,
      Flow flow,
      Transition transition,
      Graph processor,
      @Nullable String itemsPath,
      @Nullable JsonNode items,
      @Nullable JsonNode itemSelector,
      Dyn maxConcurrency,
      Dyn toleratedCount,
      Dyn toleratedPercentage,
      boolean distributed,
      List<Retrier> retry,
      List<Catcher> catches)
      implements State {
    @Override
    public String kind() {
      return "Map";
    }
  }

  /** A Choice rule. */
  sealed interface Rule permits And, Or, Not, Compare, Condition {}

  /** All of the rules hold. */
  record And(List<Rule> rules) implements Rule {}

  /** One of the rules holds. */
  record Or(List<Rule> rules) implements Rule {}

  /** The rule does not hold. */
  record Not(Rule rule) implements Rule {}

  /** A JSONata {@code Condition}. */
  record Condition(String expr) implements Rule {}

  /** The comparison operators of a Choice rule. */
  enum Op {
    STRING_EQUALS,
    STRING_LESS_THAN,
    STRING_GREATER_THAN,
    STRING_LESS_THAN_EQUALS,
    STRING_GREATER_THAN_EQUALS,
    STRING_MATCHES,
    NUMERIC_EQUALS,
    NUMERIC_LESS_THAN,
    NUMERIC_GREATER_THAN,
    NUMERIC_LESS_THAN_EQUALS,
    NUMERIC_GREATER_THAN_EQUALS,
    BOOLEAN_EQUALS,
    TIMESTAMP_EQUALS,
    TIMESTAMP_LESS_THAN,
    TIMESTAMP_GREATER_THAN,
    TIMESTAMP_LESS_THAN_EQUALS,
    TIMESTAMP_GREATER_THAN_EQUALS,
    IS_NULL,
    IS_PRESENT,
    IS_NUMERIC,
    IS_STRING,
    IS_BOOLEAN,
    IS_TIMESTAMP;

    /** The ASL name, e.g. {@code StringEquals}. */
    String aslName() {
      StringBuilder b = new StringBuilder();
      boolean upper = true;
      for (char c : name().toCharArray()) {
        if (c == '_') {
          upper = true;
        } else {
          b.append(upper ? c : Character.toLowerCase(c));
          upper = false;
        }
      }
      return b.toString();
    }
  }

  /** A comparison: the variable's value against a literal or against the value at a path. */
  record Compare(String variable, Op op, @Nullable JsonNode value, @Nullable String valuePath)
      implements Rule {}
}
