package dev.taskbridge.emulator.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskbridge.emulator.internal.asl.Model.Catcher;
import dev.taskbridge.emulator.internal.asl.Model.Dyn;
import dev.taskbridge.emulator.internal.asl.Model.Flow;
import dev.taskbridge.emulator.internal.asl.Model.Graph;
import dev.taskbridge.emulator.internal.asl.Model.Lang;
import dev.taskbridge.emulator.internal.asl.Model.Retrier;
import dev.taskbridge.emulator.internal.asl.Model.Rule;
import dev.taskbridge.emulator.internal.asl.Model.State;
import dev.taskbridge.emulator.internal.asl.Model.Transition;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Runs executions of parsed machines, event-driven: a state that must wait (an activity, a
 * callback, a Wait, a retry's interval) registers with the {@link Host} and the run resumes when
 * the host reports back. Work runs on a trampoline, so long loops use no stack, and always under
 * the caller's (the engine's) lock. Parallel branches and Map iterations interleave.
 */
public final class Interpreter {

  /** The limit of a state's input or output, in UTF-8 bytes. */
  public static final int MAX_PAYLOAD_BYTES = 262_144;

  /** What the interpreter needs from the engine. */
  public interface Host {
    /** The emulator clock, epoch millis. */
    long now();

    /** Records a history event; returns its id. */
    long event(Run run, String type, @Nullable String detailsKey, @Nullable Object[] details);

    /** Issues the token a callback task's parameters may carry as {@code $$.Task.Token}. */
    String token(Run run);

    /** Starts a task: an activity, a callback, or a registered handler. */
    void startTask(TaskCall call);

    /** Ends a task that no longer matters (its branch was cancelled). */
    void cancelTask(TaskCall call);

    /** Runs {@code r} (through {@link Interpreter#resume}) once the clock reaches {@code due}. */
    void at(long due, Runnable r);

    /** The execution has ended; {@code output} non-null on success. */
    void finished(Run run, @Nullable JsonNode output, @Nullable AslError error);
  }

  /** One execution being interpreted. */
  public static final class Run {
    final Object owner;
    final Model.Machine machine;
    final ObjectNode executionContext;
    final ObjectNode stateMachineContext;
    boolean done;
    final List<TaskCall> open = new ArrayList<>(1);

    /**
     * Creates a run; {@code owner} is the engine's execution, the contexts are {@code $$.Execution}
     * and {@code $$.StateMachine}.
     */
    public Run(
        Object owner,
        Model.Machine machine,
        ObjectNode executionContext,
        ObjectNode stateMachineContext) {
      this.owner = owner;
      this.machine = machine;
      this.executionContext = executionContext;
      this.stateMachineContext = stateMachineContext;
    }

    /** The engine's execution. */
    public Object owner() {
      return owner;
    }

    /** Whether the run has ended. */
    public boolean done() {
      return done;
    }
  }

  /** A task the host runs; it reports back with {@link #succeed} or {@link #fail}. */
  public static final class TaskCall {
    /** The run the task belongs to. */
    public final Run run;

    /** The state's resource. */
    public final String resource;

    /** The effective parameters (the worker's input), as JSON text. */
    public final String input;

    /** Seconds before the task times out; 0 = none. */
    public final long timeoutSeconds;

    /** Seconds between heartbeats before it times out; 0 = none. */
    public final long heartbeatSeconds;

    /** The callback token in the parameters, if this is a callback task. */
    public final @Nullable String token;

    /** The Task state's name. */
    public final String stateName;

    /** The start of a States.Runtime cause about this state ("An error occurred ..."). */
    public final String errorPrefix;

    final Scope scope;
    private @Nullable Cont k;

    /** The engine's handle on the task (it may attach one). */
    public @Nullable Object handle;

    TaskCall(
        Run run,
        String resource,
        String input,
        long timeoutSeconds,
        long heartbeatSeconds,
        @Nullable String token,
        String stateName,
        String errorPrefix,
        Scope scope,
        Cont k) {
      this.stateName = stateName;
      this.errorPrefix = errorPrefix;
      this.run = run;
      this.resource = resource;
      this.input = input;
      this.timeoutSeconds = timeoutSeconds;
      this.heartbeatSeconds = heartbeatSeconds;
      this.token = token;
      this.scope = scope;
      this.k = k;
    }

    /** Whether the task still waits for its result. */
    public boolean live() {
      return k != null && scope.alive() && !run.done;
    }

    private @Nullable Cont take() {
      Cont c = k;
      k = null;
      run.open.remove(this);
      return c != null && scope.alive() && !run.done ? c : null;
    }
  }

  /** A branch's liveness: a failed Parallel or Map cancels its other branches. */
  static final class Scope {
    final @Nullable Scope parent;
    boolean cancelled;

    Scope(@Nullable Scope parent) {
      this.parent = parent;
    }

    boolean alive() {
      for (Scope s = this; s != null; s = s.parent) {
        if (s.cancelled) {
          return false;
        }
      }
      return true;
    }
  }

  /** Where a graph's result goes. */
  interface Cont {
    void ok(JsonNode output);

    void err(AslError e);
  }

  /** A running graph: the top level, a branch, or a Map iteration. */
  private static final class Frame {
    final Run run;
    final Graph graph;
    final Scope scope;
    final Map<String, JsonNode> vars;
    final @Nullable ObjectNode mapItem;
    final Cont k;

    Frame(
        Run run,
        Graph graph,
        Scope scope,
        Map<String, JsonNode> vars,
        @Nullable ObjectNode mapItem,
        Cont k) {
      this.run = run;
      this.graph = graph;
      this.scope = scope;
      this.vars = vars;
      this.mapItem = mapItem;
      this.k = k;
    }
  }

  /** One visit of a state: what paths and expressions need. */
  private static final class Visit {
    final Frame f;
    final State s;
    final JsonNode input;
    final long enteredId;
    final String enteredTime;
    final int retryCount;
    @Nullable String token;
    int @Nullable [] attempts;

    Visit(Frame f, State s, JsonNode input, long enteredId, String enteredTime, int retryCount) {
      this.f = f;
      this.s = s;
      this.input = input;
      this.enteredId = enteredId;
      this.enteredTime = enteredTime;
      this.retryCount = retryCount;
    }

    AslError error(String error, String detail) {
      return new AslError(error, causePrefix() + detail);
    }

    /** The start of a States.Runtime cause about this visit ("An error occurred ..."). */
    String causePrefix() {
      return "An error occurred while executing the state '"
          + s.name()
          + "' (entered at the event id #"
          + enteredId
          + "). ";
    }
  }

  private final Host host;
  private final ArrayDeque<Runnable> work = new ArrayDeque<>();
  private boolean draining;

  /** Creates an interpreter for the host. */
  public Interpreter(Host host) {
    this.host = host;
  }

  // ------------------------------------------------------------------ entry points

  /** Starts a run with the execution's input. */
  public void start(Run run, JsonNode input) {
    Frame f =
        new Frame(
            run,
            run.machine.graph(),
            new Scope(null),
            new HashMap<>(),
            null,
            new Cont() {
              @Override
              public void ok(JsonNode output) {
                end(run, output, null);
              }

              @Override
              public void err(AslError e) {
                end(run, null, e);
              }
            });
    post(() -> enter(f, f.graph.startAt(), input, null));
    drain();
  }

  /** Runs work the host scheduled with {@link Host#at}. */
  public void resume(Runnable r) {
    post(r);
    drain();
  }

  /** Ends a run from outside (stopped, timed out); its open tasks are cancelled. */
  public void abort(Run run) {
    run.done = true;
    for (TaskCall c : List.copyOf(run.open)) {
      c.k = null;
      host.cancelTask(c);
    }
    run.open.clear();
  }

  /** Reports a task's result. */
  public void succeed(TaskCall call, JsonNode result) {
    Cont k = call.take();
    if (k != null) {
      post(() -> k.ok(result));
      drain();
    }
  }

  /** Reports a task's failure. */
  public void fail(
      TaskCall call, @Nullable String error, @Nullable String cause, boolean heartbeat) {
    Cont k = call.take();
    if (k != null) {
      post(() -> k.err(new AslError(error, cause, heartbeat)));
      drain();
    }
  }

  private void end(Run run, @Nullable JsonNode output, @Nullable AslError e) {
    if (run.done) {
      return;
    }
    abort(run);
    host.finished(run, output, e);
  }

  private void post(Runnable r) {
    work.add(r);
  }

  private void drain() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      Runnable r;
      while ((r = work.poll()) != null) {
        r.run();
      }
    } finally {
      draining = false;
    }
  }

  // ------------------------------------------------------------------ states

  /**
   * Enters state {@code name} with {@code input}; {@code inputText} is the input as JSON text when
   * the caller has it already (the previous state's output, rendered once for its exit event).
   */
  private void enter(Frame f, String name, JsonNode input, @Nullable String inputText) {
    if (!f.scope.alive() || f.run.done) {
      return;
    }
    State s = f.graph.states().get(name);
    if (s == null) {
      f.k.err(AslError.runtime("Unknown state '" + name + "'"));
      return;
    }
    long now = host.now();
    long id =
        host.event(
            f.run,
            s.kind() + "StateEntered",
            "stateEnteredEventDetails",
            kv(
                "name",
                s.name(),
                "input",
                inputText != null ? inputText : Nodes.text(input),
                "inputDetails",
                NOT_TRUNCATED));
    Visit v = new Visit(f, s, input, id, Instant.ofEpochMilli(now).toString(), 0);
    try {
      run(v);
    } catch (AslError e) {
      failState(v, e);
    } catch (Paths.NoMatch e) {
      failState(v, v.error(Errors.RUNTIME, "Invalid path '" + e.getMessage() + "'"));
    }
  }

  private void run(Visit v) {
    State s = v.s;
    if (s instanceof Model.Pass p) {
      pass(v, p);
    } else if (s instanceof Model.Succeed sc) {
      JsonNode out = output(v, sc.flow(), effectiveInput(v, sc.flow()), v.input);
      exit(v, out, null);
    } else if (s instanceof Model.Fail fl) {
      failStateType(v, fl);
    } else if (s instanceof Model.Choice c) {
      choice(v, c);
    } else if (s instanceof Model.Wait w) {
      waitState(v, w);
    } else if (s instanceof Model.Task t) {
      task(v, t);
    } else if (s instanceof Model.Parallel p) {
      parallel(v, p);
    } else if (s instanceof Model.MapState m) {
      map(v, m);
    }
  }

  private void pass(Visit v, Model.Pass p) {
    Flow fl = p.flow();
    if (fl.lang() == Lang.JSONATA) {
      assign(v, fl.assign(), v.input, null);
      JsonNode out =
          fl.output() != null ? jsonata(v, fl.output(), "Output", v.input, null) : v.input;
      exit(v, out, p.transition());
      return;
    }
    JsonNode effective = effectiveInput(v, fl);
    if (fl.parameters() != null) {
      effective = template(v, fl.parameters(), effective);
    }
    JsonNode result = p.result() != null ? p.result() : effective;
    assign(v, fl.assign(), result, result);
    JsonNode placed = resultPath(v, fl, v.input, result);
    exit(v, outputPath(v, fl, placed), p.transition());
  }

  private void failStateType(Visit v, Model.Fail fl) {
    String error = dynText(v, fl.error(), "Error", "ErrorPath");
    String cause = dynText(v, fl.cause(), "Cause", "CausePath");
    v.f.k.err(new AslError(error, cause));
  }

  private @Nullable String dynText(Visit v, Dyn d, String field, String pathField) {
    if (d.absent()) {
      return null;
    }
    JsonNode n = dyn(v, d, field, pathField);
    return n.isTextual() ? n.asText() : Nodes.text(n);
  }

  private JsonNode dyn(Visit v, Dyn d, String field, String pathField) {
    if (d.literal() != null) {
      return d.literal();
    }
    if (d.path() != null) {
      if (Intrinsics.looksLikeCall(d.path())) {
        Intrinsics.Call call = java.util.Objects.requireNonNull(Intrinsics.parse(d.path()));
        return Intrinsics.eval(call, p -> readPath(v, p, v.input, pathField, true));
      }
      return readPath(v, d.path(), v.input, pathField, true);
    }
    return jsonata(v, Nodes.NODES.textNode(d.expr()), field, v.input, null);
  }

  private void choice(Visit v, Model.Choice c) {
    Flow fl = c.flow();
    JsonNode effective = fl.lang() == Lang.JSONATA ? v.input : effectiveInput(v, fl);
    for (Model.Branch b : c.choices()) {
      if (holds(v, b.rule(), effective)) {
        assignChoice(v, b.assign(), effective);
        JsonNode out =
            fl.lang() == Lang.JSONATA && b.output() != null
                ? jsonata(v, b.output(), "Output", v.input, null)
                : output(v, fl, effective, effective);
        exit(v, out, new Transition(b.next()));
        return;
      }
    }
    if (c.defaultNext() == null) {
      throw new AslError(Errors.NO_CHOICE, "No Matches!");
    }
    assignChoice(v, fl.assign(), effective);
    JsonNode out =
        fl.lang() == Lang.JSONATA ? output(v, fl, v.input, v.input) : outputPath(v, fl, effective);
    exit(v, out, new Transition(c.defaultNext()));
  }

  private void assignChoice(Visit v, @Nullable JsonNode assign, JsonNode effective) {
    if (assign != null) {
      assign(v, assign, effective, null);
    }
  }

  private boolean holds(Visit v, Rule r, JsonNode input) {
    if (r instanceof Model.And a) {
      return a.rules().stream().allMatch(x -> holds(v, x, input));
    }
    if (r instanceof Model.Or o) {
      return o.rules().stream().anyMatch(x -> holds(v, x, input));
    }
    if (r instanceof Model.Not n) {
      return !holds(v, n.rule(), input);
    }
    if (r instanceof Model.Condition c) {
      {
        JsonNode res = jsonata(v, Nodes.NODES.textNode(c.expr()), "Condition", v.input, null);
        if (!res.isBoolean()) {
          throw v.error(
              Errors.QUERY,
              "The JSONata expression '"
                  + Jsonata.body(c.expr())
                  + "' specified for the field 'Condition' returned an unexpected result type."
                  + " Expected 'boolean', but was '"
                  + Nodes.typeName(res)
                  + "' for value: "
                  + Nodes.text(res));
        }
        return res.asBoolean();
      }
    }
    Model.Compare c = (Model.Compare) r;
    JsonNode value = tryPath(v, c.variable(), input);
    JsonNode operand = c.value();
    if (c.valuePath() != null) {
      operand = readPath(v, c.valuePath(), input, c.op().aslName() + "Path", false);
    }
    return Compare.test(c.op(), value, operand);
  }

  private void waitState(Visit v, Model.Wait w) {
    Flow fl = w.flow();
    JsonNode effective = fl.lang() == Lang.JSONATA ? v.input : effectiveInput(v, fl);
    long due;
    long now = host.now();
    if (!w.seconds().absent()) {
      long seconds;
      if (w.seconds().path() != null) {
        JsonNode s = readPath(v, w.seconds().path(), effective, "SecondsPath", false);
        if (!s.isNumber() || s.asDouble() != Math.rint(s.asDouble())) {
          throw v.error(
              Errors.RUNTIME,
              "The SecondsPath parameter cannot be parsed as a long value: "
                  + w.seconds().path()
                  + " == "
                  + plainText(s));
        }
        if (s.asLong() < 0) {
          throw v.error(
              Errors.RUNTIME,
              "The SecondsPath parameter references a negative value: "
                  + w.seconds().path()
                  + " == "
                  + plainText(s));
        }
        seconds = s.asLong();
      } else {
        JsonNode s = dyn(v, w.seconds(), "Seconds", "SecondsPath");
        if (!s.isIntegralNumber() || s.asLong() < 0) {
          throw v.error(
              Errors.QUERY,
              "The Seconds field must be a non-negative integer, but was: " + plainText(s));
        }
        seconds = s.asLong();
      }
      due = now + seconds * 1000;
    } else {
      JsonNode t;
      if (w.timestamp().path() != null) {
        t = readPath(v, w.timestamp().path(), effective, "TimestampPath", false);
        Long at = t.isTextual() ? Times.parse(t.asText()) : null;
        if (at == null) {
          throw v.error(
              Errors.RUNTIME,
              "The TimestampPath parameter does not reference a valid ISO-8601 extended offset"
                  + " date-time format string: "
                  + w.timestamp().path()
                  + " == "
                  + plainText(t));
        }
        due = at;
      } else {
        t = dyn(v, w.timestamp(), "Timestamp", "TimestampPath");
        Long at = t.isTextual() ? Times.parse(t.asText()) : null;
        if (at == null) {
          throw v.error(
              Errors.QUERY,
              "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time"
                  + " format string: "
                  + plainText(t));
        }
        due = at;
      }
    }
    assign(v, fl.assign(), effective, null);
    JsonNode out = output(v, fl, effective, v.input);
    if (due <= now) {
      exit(v, out, w.transition());
      return;
    }
    Frame f = v.f;
    host.at(
        due,
        () -> {
          if (f.scope.alive() && !f.run.done) {
            guarded(v, () -> exit(v, out, w.transition()));
          }
        });
  }

  private static String plainText(JsonNode n) {
    return n.isTextual() ? n.asText() : Nodes.text(n);
  }

  // ------------------------------------------------------------------ task

  private void task(Visit v, Model.Task t) {
    Flow fl = t.flow();
    boolean callback = Resources.isCallback(t.resource());
    if (callback) {
      v.token = host.token(v.f.run);
    }
    JsonNode args = arguments(v, fl);
    long timeout = seconds(v, t.timeoutSeconds(), "TimeoutSeconds");
    long heartbeat = seconds(v, t.heartbeatSeconds(), "HeartbeatSeconds");
    String argsText = Nodes.text(args);
    Frame f = v.f;
    TaskCall call =
        new TaskCall(
            f.run,
            t.resource(),
            argsText,
            timeout,
            heartbeat,
            v.token,
            t.name(),
            v.causePrefix(),
            f.scope,
            new Cont() {
              @Override
              public void ok(JsonNode result) {
                guarded(v, () -> taskResult(v, t, result));
              }

              @Override
              public void err(AslError e) {
                failState(v, e);
              }
            });
    f.run.open.add(call);
    host.startTask(call);
  }

  /** Task and Parallel: JSONata Arguments, else Parameters on the effective input. */
  private JsonNode arguments(Visit v, Flow fl) {
    if (fl.lang() == Lang.JSONATA) {
      return fl.arguments() != null
          ? jsonata(v, fl.arguments(), "Arguments", v.input, null)
          : v.input;
    }
    JsonNode effective = effectiveInput(v, fl);
    return fl.parameters() != null ? template(v, fl.parameters(), effective) : effective;
  }

  private long seconds(Visit v, Dyn d, String field) {
    if (d.absent()) {
      return 0;
    }
    JsonNode n = dyn(v, d, field, field + "Path");
    if (!n.isIntegralNumber() || n.asLong() < 1) {
      throw v.error(
          Errors.RUNTIME, "The " + field + " value must be a positive integer: " + plainText(n));
    }
    return n.asLong();
  }

  private void taskResult(Visit v, Model.Task t, JsonNode result) {
    finishWithResult(v, t.flow(), result, t.transition());
  }

  /** Task, Parallel and Map: ResultSelector, ResultPath, OutputPath (or Output), Assign. */
  private void finishWithResult(Visit v, Flow fl, JsonNode result, Transition next) {
    if (fl.lang() == Lang.JSONATA) {
      assign(v, fl.assign(), v.input, result);
      JsonNode out =
          fl.output() != null ? jsonata(v, fl.output(), "Output", v.input, result) : result;
      exit(v, out, next);
      return;
    }
    JsonNode selected =
        fl.resultSelector() != null ? template(v, fl.resultSelector(), result) : result;
    assign(v, fl.assign(), selected, selected);
    JsonNode placed = resultPath(v, fl, v.input, selected);
    exit(v, outputPath(v, fl, placed), next);
  }

  private void guarded(Visit v, Runnable r) {
    try {
      r.run();
    } catch (AslError e) {
      failState(v, e);
    } catch (Paths.NoMatch e) {
      failState(v, v.error(Errors.RUNTIME, "Invalid path '" + e.getMessage() + "'"));
    }
  }

  // ------------------------------------------------------------------ parallel and map

  private void parallel(Visit v, Model.Parallel p) {
    Flow fl = p.flow();
    JsonNode in = arguments(v, fl);
    host.event(v.f.run, "ParallelStateStarted", null, NO_DETAILS);
    int n = p.branches().size();
    JsonNode[] results = new JsonNode[n];
    int[] remaining = {n};
    Scope scope = new Scope(v.f.scope);
    for (int i = 0; i < n; i++) {
      int idx = i;
      Graph g = p.branches().get(i);
      Frame bf =
          new Frame(
              v.f.run,
              g,
              scope,
              new HashMap<>(v.f.vars),
              v.f.mapItem,
              new Cont() {
                @Override
                public void ok(JsonNode output) {
                  if (scope.cancelled) {
                    return;
                  }
                  results[idx] = output;
                  if (--remaining[0] == 0) {
                    ArrayNode arr = Nodes.NODES.arrayNode();
                    for (JsonNode r : results) {
                      arr.add(r);
                    }
                    host.event(v.f.run, "ParallelStateSucceeded", null, NO_DETAILS);
                    guarded(v, () -> finishWithResult(v, fl, arr, p.transition()));
                  }
                }

                @Override
                public void err(AslError e) {
                  if (scope.cancelled) {
                    return;
                  }
                  cancel(v.f.run, scope);
                  host.event(
                      v.f.run,
                      "ParallelStateFailed",
                      "executionFailedEventDetails",
                      kv("error", e.error, "cause", e.cause));
                  failState(v, e);
                }
              });
      JsonNode branchInput = in;
      post(() -> enter(bf, g.startAt(), branchInput, null));
    }
  }

  private void cancel(Run run, Scope scope) {
    scope.cancelled = true;
    for (TaskCall c : List.copyOf(run.open)) {
      if (!c.scope.alive()) {
        c.k = null;
        run.open.remove(c);
        host.cancelTask(c);
      }
    }
  }

  private void map(Visit v, Model.MapState m) {
    Flow fl = m.flow();
    JsonNode items;
    JsonNode effective;
    if (fl.lang() == Lang.JSONATA) {
      effective = v.input;
      if (m.items() != null) {
        items = jsonata(v, m.items(), "Items", v.input, null);
        if (!items.isArray()) {
          String expr =
              m.items().isTextual() ? Jsonata.body(m.items().asText()) : Nodes.text(m.items());
          throw v.error(
              Errors.QUERY,
              "The JSONata expression '"
                  + expr
                  + "' specified for the field 'Items' returned an unexpected result type."
                  + " Expected 'array', but was '"
                  + Nodes.typeName(items)
                  + "' for value: "
                  + Nodes.text(items));
        }
      } else {
        items = v.input;
        if (!items.isArray()) {
          throw v.error(
              Errors.QUERY, "Map state input must be an array but was: " + Nodes.text(items));
        }
      }
    } else {
      effective = effectiveInput(v, fl);
      items =
          m.itemsPath() != null
              ? readPath(v, m.itemsPath(), effective, "ItemsPath", false)
              : effective;
      if (!items.isArray()) {
        throw v.error(
            Errors.RUNTIME,
            "Invalid path '"
                + (m.itemsPath() == null ? "$" : m.itemsPath())
                + "' : The value at the path is not an array: "
                + Nodes.text(items));
      }
    }
    int maxConcurrency = (int) mapNumber(v, m.maxConcurrency(), "MaxConcurrency", effective, false);
    long toleratedCount = -1;
    double toleratedPct = -1;
    if (!m.toleratedCount().absent()) {
      toleratedCount =
          (long) mapNumber(v, m.toleratedCount(), "ToleratedFailureCount", effective, false);
    }
    if (!m.toleratedPercentage().absent()) {
      toleratedPct =
          mapNumber(v, m.toleratedPercentage(), "ToleratedFailurePercentage", effective, true);
      if (toleratedPct < 0 || toleratedPct > 100) {
        throw v.error(Errors.RUNTIME, "ToleratedFailurePercentage must be between 0 and 100.");
      }
    }
    int n = items.size();
    host.event(v.f.run, "MapStateStarted", "mapStateStartedEventDetails", kv("length", (long) n));
    Scope scope = new Scope(v.f.scope);
    JsonNode[] results = new JsonNode[n];
    int[] state = {0, 0, 0}; // next to start, finished, failed
    long tc = toleratedCount;
    double tp = toleratedPct;
    boolean tolerant = tc >= 0 || tp >= 0;
    Runnable[] startNext = new Runnable[1];
    Runnable done =
        () -> {
          ArrayNode arr = Nodes.NODES.arrayNode();
          for (JsonNode r : results) {
            arr.add(r == null ? Nodes.NODES.nullNode() : r);
          }
          host.event(v.f.run, "MapStateSucceeded", null, NO_DETAILS);
          guarded(v, () -> finishWithResult(v, fl, arr, m.transition()));
        };
    startNext[0] =
        () -> {
          if (scope.cancelled) {
            return;
          }
          int idx = state[0]++;
          JsonNode item = items.get(idx);
          ObjectNode mapItem = Nodes.obj();
          mapItem.put("Index", idx);
          mapItem.set("Value", item);
          Frame probe = new Frame(v.f.run, m.processor(), scope, v.f.vars, mapItem, v.f.k);
          JsonNode iterInput;
          try {
            iterInput = itemInput(v, probe, m, item, effective);
          } catch (AslError e) {
            cancel(v.f.run, scope);
            failState(v, e);
            return;
          }
          host.event(
              v.f.run,
              "MapIterationStarted",
              "mapIterationStartedEventDetails",
              kv("name", v.s.name(), "index", (long) idx));
          Frame itf =
              new Frame(
                  v.f.run,
                  m.processor(),
                  scope,
                  new HashMap<>(v.f.vars),
                  mapItem,
                  new Cont() {
                    @Override
                    public void ok(JsonNode output) {
                      if (scope.cancelled) {
                        return;
                      }
                      results[idx] = output;
                      host.event(
                          v.f.run,
                          "MapIterationSucceeded",
                          "mapIterationSucceededEventDetails",
                          kv("name", v.s.name(), "index", (long) idx));
                      next();
                    }

                    @Override
                    public void err(AslError e) {
                      if (scope.cancelled) {
                        return;
                      }
                      host.event(
                          v.f.run,
                          "MapIterationFailed",
                          "mapIterationFailedEventDetails",
                          kv("name", v.s.name(), "index", (long) idx));
                      state[2]++;
                      ObjectNode eo = Nodes.obj();
                      if (e.error != null) {
                        eo.put("Error", e.error);
                      }
                      if (e.cause != null) {
                        eo.put("Cause", e.cause);
                      }
                      results[idx] = eo;
                      if (!tolerant) {
                        cancel(v.f.run, scope);
                        host.event(v.f.run, "MapStateFailed", null, NO_DETAILS);
                        failState(v, e);
                        return;
                      }
                      boolean over =
                          (tc >= 0 && state[2] > tc) || (tp >= 0 && state[2] * 100.0 / n > tp);
                      if (over) {
                        cancel(v.f.run, scope);
                        host.event(v.f.run, "MapStateFailed", null, NO_DETAILS);
                        failState(
                            v,
                            new AslError(
                                Errors.TOLERATED,
                                "The specified tolerated failure threshold was exceeded"));
                        return;
                      }
                      next();
                    }

                    private void next() {
                      state[1]++;
                      if (state[1] == n) {
                        done.run();
                      } else if (state[0] < n) {
                        startNext[0].run();
                      }
                    }
                  });
          post(() -> enter(itf, m.processor().startAt(), iterInput, null));
        };
    if (n == 0) {
      done.run();
      return;
    }
    int first = maxConcurrency <= 0 ? n : Math.min(n, maxConcurrency);
    for (int i = 0; i < first; i++) {
      startNext[0].run();
    }
  }

  private JsonNode itemInput(
      Visit v, Frame probe, Model.MapState m, JsonNode item, JsonNode effective) {
    if (m.itemSelector() == null) {
      return item;
    }
    Visit iv = new Visit(probe, v.s, v.input, v.enteredId, v.enteredTime, 0);
    if (m.flow().lang() == Lang.JSONATA) {
      return jsonata(iv, m.itemSelector(), "ItemSelector", v.input, null);
    }
    return template(iv, m.itemSelector(), effective);
  }

  private double mapNumber(Visit v, Dyn d, String field, JsonNode effective, boolean isFloat) {
    if (d.absent()) {
      return field.equals("MaxConcurrency") ? 0 : -1;
    }
    JsonNode n;
    if (d.path() != null) {
      n = readPath(v, d.path(), effective, field + "Path", false);
      if (n.isTextual()) {
        try {
          n =
              isFloat
                  ? Nodes.NODES.numberNode(Double.parseDouble(n.asText()))
                  : Nodes.NODES.numberNode(Long.parseLong(n.asText()));
        } catch (NumberFormatException e) {
          // reported below with the value as given
        }
      }
      boolean ok = isFloat ? n.isNumber() : n.isIntegralNumber();
      if (!ok) {
        throw v.error(
            Errors.RUNTIME,
            "The "
                + field
                + "Path field refers to value \""
                + plainText(n)
                + "\" which is not a valid "
                + (isFloat ? "float" : "integer")
                + ": "
                + d.path());
      }
    } else {
      n = dyn(v, d, field, field + "Path");
    }
    return n.asDouble();
  }

  // ------------------------------------------------------------------ errors, retry, catch

  private void failState(Visit v, AslError e) {
    if (!v.f.scope.alive() || v.f.run.done) {
      return;
    }
    List<Retrier> retry = List.of();
    List<Catcher> catches = List.of();
    if (v.s instanceof Model.Task t) {
      retry = t.retry();
      catches = t.catches();
    } else if (v.s instanceof Model.Parallel p) {
      retry = p.retry();
      catches = p.catches();
    } else if (v.s instanceof Model.MapState m) {
      retry = m.retry();
      catches = m.catches();
    }
    for (int i = 0; i < retry.size(); i++) {
      Retrier r = retry.get(i);
      if (Errors.matches(r.errorEquals(), e.error, e.heartbeat)) {
        if (v.attempts == null) {
          v.attempts = new int[retry.size()];
        }
        if (v.attempts[i] < r.maxAttempts()) {
          v.attempts[i]++;
          double delay = r.intervalSeconds() * Math.pow(r.backoffRate(), v.attempts[i] - 1.0);
          if (r.maxDelaySeconds() > 0) {
            delay = Math.min(delay, (double) r.maxDelaySeconds());
          }
          if (r.fullJitter()) {
            delay = ThreadLocalRandom.current().nextDouble() * delay;
          }
          long due = host.now() + (long) Math.min(delay * 1000.0, 99999999000.0);
          Frame f = v.f;
          int[] attempts = v.attempts;
          long entered = v.enteredId;
          host.at(due, () -> reenter(f, v.s, v.input, attempts, entered));
          return;
        }
        break;
      }
    }
    for (Catcher c : catches) {
      if (Errors.matches(c.errorEquals(), e.error, e.heartbeat)) {
        ObjectNode err = Nodes.obj();
        err.put("Error", e.error);
        err.put("Cause", e.cause);
        try {
          JsonNode out;
          if (v.s.flow().lang() == Lang.JSONATA) {
            if (c.assign() != null) {
              assignValues(v, c.assign(), v.input, null, err);
            }
            out = c.output() != null ? jsonata(v, c.output(), "Output", v.input, null, err) : err;
          } else {
            if (c.resultPathNull()) {
              out = v.input;
            } else if (c.resultPath() == null) {
              out = err;
            } else {
              out = Paths.place(c.resultPath(), v.input, err);
              if (out == null) {
                throw v.error(
                    Errors.RESULT_PATH, "Unable to apply ResultPath '" + c.resultPath() + "'");
              }
            }
            if (c.assign() != null) {
              assign(v, c.assign(), err, err);
            }
          }
          exit(v, out, new Transition(c.next()));
        } catch (AslError e2) {
          v.f.k.err(e2);
        }
        return;
      }
    }
    v.f.k.err(e);
  }

  private void reenter(Frame f, State s, JsonNode input, int[] attempts, long enteredId) {
    if (!f.scope.alive() || f.run.done) {
      return;
    }
    int total = 0;
    for (int a : attempts) {
      total += a;
    }
    Visit v = new Visit(f, s, input, enteredId, Instant.ofEpochMilli(host.now()).toString(), total);
    v.attempts = attempts;
    guarded(v, () -> run(v));
  }

  // ------------------------------------------------------------------ data flow

  private void exit(Visit v, JsonNode out, @Nullable Transition next) {
    String text = Nodes.text(out);
    if (Nodes.utf8Length(text) > MAX_PAYLOAD_BYTES) {
      AslError e =
          new AslError(
              Errors.DATA_LIMIT,
              "The state/task '"
                  + v.s.name()
                  + "' returned a result with a size exceeding the maximum number of bytes service"
                  + " limit.");
      v.f.k.err(e);
      return;
    }
    if (v.s instanceof Model.Fail) {
      return;
    }
    host.event(
        v.f.run,
        v.s.kind() + "StateExited",
        "stateExitedEventDetails",
        kv("name", v.s.name(), "output", text, "outputDetails", NOT_TRUNCATED));
    if (next == null || next.end()) {
      v.f.k.ok(out);
      return;
    }
    Frame f = v.f;
    String target = java.util.Objects.requireNonNull(next.next());
    post(() -> enter(f, target, out, text));
  }

  private JsonNode effectiveInput(Visit v, Flow fl) {
    if (fl.inputPathNull()) {
      return Nodes.obj();
    }
    if (fl.inputPath() == null) {
      return v.input;
    }
    return readPath(v, fl.inputPath(), v.input, "InputPath", false);
  }

  private JsonNode resultPath(Visit v, Flow fl, JsonNode input, JsonNode result) {
    if (fl.resultPathNull()) {
      return input;
    }
    if (fl.resultPath() == null) {
      return result;
    }
    JsonNode placed = Paths.place(fl.resultPath(), input, result);
    if (placed == null) {
      throw v.error(
          Errors.RESULT_PATH,
          "Unable to apply ResultPath '" + fl.resultPath() + "' to input " + Nodes.text(input));
    }
    return placed;
  }

  private JsonNode outputPath(Visit v, Flow fl, JsonNode placed) {
    if (fl.outputPathNull()) {
      return Nodes.obj();
    }
    if (fl.outputPath() == null) {
      return placed;
    }
    return readPath(v, fl.outputPath(), placed, "OutputPath", false);
  }

  /** Output of states without a result: JSONata Output, else OutputPath on the effective input. */
  private JsonNode output(Visit v, Flow fl, JsonNode effective, JsonNode raw) {
    if (fl.lang() == Lang.JSONATA) {
      assign(v, fl.assign(), raw, null);
      return fl.output() != null ? jsonata(v, fl.output(), "Output", raw, null) : raw;
    }
    assign(v, fl.assign(), effective, null);
    return outputPath(v, fl, effective);
  }

  /** Evaluates a JSONPath payload template against {@code doc}. */
  private JsonNode template(Visit v, JsonNode template, JsonNode doc) {
    return Templates.jsonPath(template, (p, field) -> readPath(v, p, doc, field, true));
  }

  /** A path's value, or null if a definite path matches nothing (IsPresent). */
  private @Nullable JsonNode tryPath(Visit v, String p, JsonNode doc) {
    try {
      return resolve(v, p, doc);
    } catch (Paths.NoMatch e) {
      return null;
    }
  }

  private JsonNode readPath(Visit v, String p, JsonNode doc, String field, boolean quoted) {
    try {
      return resolve(v, p, doc);
    } catch (Paths.NoMatch e) {
      if (quoted) {
        throw v.error(
            Errors.RUNTIME,
            "The JSONPath '"
                + p
                + "' specified for the field '"
                + field
                + "' could not be found in the input '"
                + Nodes.text(doc)
                + "'");
      }
      throw v.error(
          Errors.RUNTIME,
          "Invalid path '"
              + p
              + "' : No results for path: "
              + Paths.normalized(Paths.split(p).jsonPath()));
    }
  }

  private JsonNode resolve(Visit v, String p, JsonNode doc) {
    Paths.Split sp = Paths.split(p);
    return switch (sp.source()) {
      case INPUT -> Paths.read(sp.jsonPath(), doc);
      case CONTEXT -> Paths.read(sp.jsonPath(), context(v));
      case VARIABLE -> {
        JsonNode val = v.f.vars.get(sp.variable());
        if (val == null) {
          throw v.error(
              Errors.RUNTIME,
              "The variable '$" + sp.variable() + "' referenced by '" + p + "' is not defined");
        }
        yield Paths.read(sp.jsonPath(), val);
      }
    };
  }

  private ObjectNode context(Visit v) {
    ObjectNode c = Nodes.obj();
    c.set("Execution", v.f.run.executionContext);
    c.set("StateMachine", v.f.run.stateMachineContext);
    ObjectNode st = c.putObject("State");
    st.put("EnteredTime", v.enteredTime);
    st.put("Name", v.s.name());
    if (v.s instanceof Model.Task) {
      st.put("RetryCount", v.retryCount);
    }
    if (v.token != null) {
      c.putObject("Task").put("Token", v.token);
    }
    if (v.f.mapItem != null) {
      c.putObject("Map").set("Item", v.f.mapItem);
    }
    return c;
  }

  private JsonNode jsonata(
      Visit v, JsonNode template, String field, JsonNode input, @Nullable JsonNode result) {
    return jsonata(v, template, field, input, result, null);
  }

  private JsonNode jsonata(
      Visit v,
      JsonNode template,
      String field,
      JsonNode input,
      @Nullable JsonNode result,
      @Nullable JsonNode errorOutput) {
    ObjectNode states = Nodes.obj();
    states.set("input", input);
    states.set("context", context(v));
    if (result != null) {
      states.set("result", result);
    }
    if (errorOutput != null) {
      states.set("errorOutput", errorOutput);
    }
    return Templates.jsonata(
        template,
        field,
        (expr, f) -> {
          String body = Jsonata.body(expr);
          try {
            return Jsonata.eval(body, states, v.f.vars);
          } catch (Jsonata.Undefined e) {
            throw queryError(v, body, f, "returned nothing (undefined).");
          } catch (Jsonata.NotJson e) {
            throw queryError(v, body, f, "returned an unsupported result type.");
          } catch (Jsonata.Failed e) {
            throw queryError(v, body, f, "threw an error during evaluation. " + e.getMessage());
          }
        });
  }

  private static AslError queryError(Visit v, String body, String field, String what) {
    return v.error(
        Errors.QUERY,
        "The JSONata expression '" + body + "' specified for the field '" + field + "' " + what);
  }

  private void assign(Visit v, @Nullable JsonNode assign, JsonNode doc, @Nullable JsonNode result) {
    if (assign != null) {
      assignValues(v, assign, doc, result, null);
    }
  }

  /** Evaluates every assignment first, then binds them all (they see the values before). */
  private void assignValues(
      Visit v, JsonNode assign, JsonNode doc, @Nullable JsonNode result, @Nullable JsonNode err) {
    Map<String, JsonNode> values = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = assign.fields();
    boolean jsonata = v.s.flow().lang() == Lang.JSONATA;
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (jsonata) {
        values.put(key, jsonata(v, e.getValue(), "Assign/" + key, v.input, result, err));
      } else if (key.endsWith(".$")) {
        ObjectNode one = Nodes.obj();
        one.set(key, e.getValue());
        values.put(key.substring(0, key.length() - 2), template(v, one, doc).elements().next());
      } else {
        values.put(key, template(v, e.getValue(), doc));
      }
    }
    v.f.vars.putAll(values);
  }

  // ------------------------------------------------------------------ events

  private static @Nullable Object[] kv(@Nullable Object... xs) {
    return xs;
  }

  private static final @Nullable Object[] NOT_TRUNCATED = kv("truncated", false);

  private static final @Nullable Object[] NO_DETAILS = new Object[0];
}
