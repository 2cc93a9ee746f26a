package dev.taskbridge.conformance;

import dev.taskbridge.api.Backend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The outcome of a run: rule × backend → pass, fail, skip or error (could not run), with the wire
 * code seen.
 */
public final class Matrix {

  private final String target;
  private final String reporters;
  private final List<Result> results;
  private final Map<Backend, String> unreachable;

  Matrix(String target, String reporters, List<Result> results, Map<Backend, String> unreachable) {
    this.target = target;
    this.reporters = reporters;
    this.results = List.copyOf(results);
    this.unreachable =
        unreachable.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(unreachable));
  }

  /** The target's name. */
  public String target() {
    return target;
  }

  /** Every result, in run order. */
  public List<Result> results() {
    return results;
  }

  /** The result of {@code rule} on {@code backend}, if it ran. */
  public Optional<Result> result(Rule rule, Backend backend) {
    return results.stream().filter(r -> r.rule() == rule && r.backend() == backend).findFirst();
  }

  /** How many results have {@code status}. */
  public long count(Result.Status status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  /**
   * True when no result failed and every scenario could run. Skips are not failures, and not passes
   * either.
   */
  public boolean passed() {
    return count(Result.Status.FAIL) == 0 && count(Result.Status.ERROR) == 0;
  }

  /**
   * The backends on which no scenario could run, each with the reason (e.g. {@code SWF at
   * http://127.0.0.1:1: DescribeDomain got no answer (SdkClientException, ConnectException)}).
   * Every cell of such a backend is {@link Result.Status#ERROR}.
   */
  public Map<Backend, String> unreachable() {
    return unreachable;
  }

  private Set<Backend> backends() {
    Set<Backend> b = EnumSet.noneOf(Backend.class);
    results.forEach(r -> b.add(r.backend()));
    return b;
  }

  private List<Rule> rules() {
    List<Rule> rules = new ArrayList<>();
    for (Result r : results) {
      if (!rules.contains(r.rule())) {
        rules.add(r.rule());
      }
    }
    return rules;
  }

  private static String cell(Optional<Result> result) {
    if (result.isEmpty()) {
      return "-";
    }
    Result r = result.get();
    return r.status() + (r.wireCode() == null ? "" : " " + r.wireCode());
  }

  /**
   * A plain-text table for a terminal, then the reasons for every skip, failure and error (one line
   * for a backend on which nothing could run).
   */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append("taskbridge conformance: target ")
        .append(target)
        .append(", reporters ")
        .append(reporters)
        .append("\n\n");
    Set<Backend> backends = backends();
    sb.append(String.format(Locale.ROOT, "%-4s %-66s", "rule", "title"));
    for (Backend b : backends) {
      sb.append(String.format(Locale.ROOT, " %-30s", b));
    }
    sb.append('\n');
    for (Rule rule : rules()) {
      String title =
          rule.title().length() > 66 ? rule.title().substring(0, 63) + "..." : rule.title();
      sb.append(String.format(Locale.ROOT, "%-4s %-66s", rule, title));
      for (Backend b : backends) {
        sb.append(String.format(Locale.ROOT, " %-30s", cell(result(rule, b))));
      }
      sb.append('\n');
    }
    sb.append('\n').append(summary()).append('\n');
    if (!unreachable.isEmpty()) {
      sb.append("\nCould not run:\n");
      unreachable.values().forEach(reason -> sb.append("  ").append(reason).append('\n'));
    }
    appendReasons(sb, Result.Status.SKIP, "Skipped");
    appendReasons(sb, Result.Status.FAIL, "Failed");
    appendReasons(sb, Result.Status.ERROR, "Errors (the scenario could not run)");
    return sb.toString();
  }

  /** {@code 27 rules × 2 backends: 53 passed, 0 failed, 1 skipped, 0 errors}. */
  public String summary() {
    return rules().size()
        + " rules × "
        + backends().size()
        + " backends: "
        + count(Result.Status.PASS)
        + " passed, "
        + count(Result.Status.FAIL)
        + " failed, "
        + count(Result.Status.SKIP)
        + " skipped, "
        + count(Result.Status.ERROR)
        + " errors";
  }

  private void appendReasons(StringBuilder sb, Result.Status status, String heading) {
    List<Result> matching =
        results.stream()
            .filter(r -> r.status() == status && !unreachable.containsKey(r.backend()))
            .toList();
    if (matching.isEmpty()) {
      return;
    }
    sb.append('\n').append(heading).append(":\n");
    for (Result r : matching) {
      sb.append("  ")
          .append(r.rule())
          .append('/')
          .append(r.backend())
          .append(": ")
          .append(r.detail())
          .append('\n');
    }
  }

  /** The same table in Markdown, with each rule's expected outcome per backend. */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# taskbridge conformance\n\nTarget `")
        .append(target)
        .append("`, reporters `")
        .append(reporters)
        .append("`. ")
        .append(summary())
        .append(".\n\n| rule | title |");
    Set<Backend> backends = backends();
    for (Backend b : backends) {
      sb.append(' ').append(b).append(" |");
    }
    sb.append("\n|---|---|");
    backends.forEach(b -> sb.append("---|"));
    sb.append('\n');
    for (Rule rule : rules()) {
      sb.append("| ").append(rule).append(" | ").append(md(rule.title())).append(" |");
      for (Backend b : backends) {
        Optional<Result> r = result(rule, b);
        sb.append(' ').append(md(cell(r)));
        r.filter(x -> x.status() != Result.Status.PASS)
            .ifPresent(x -> sb.append(": ").append(md(x.detail())));
        sb.append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String md(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  /**
   * A JUnit XML report: one test case per rule × backend; skips as {@code <skipped>}, broken rules
   * as {@code <failure>}, scenarios that could not run as {@code <error>}.
   */
  public String toJUnitXml() {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    double total =
        results.stream().map(Result::elapsed).mapToLong(Duration::toMillis).sum() / 1000.0;
    sb.append(
        String.format(
            Locale.ROOT,
            "<testsuite name=\"taskbridge-conformance.%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\""
                + " skipped=\"%d\" time=\"%.3f\">\n",
            xml(target),
            results.size(),
            count(Result.Status.FAIL),
            count(Result.Status.ERROR),
            count(Result.Status.SKIP),
            total));
    for (Result r : results) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  <testcase classname=\"conformance.%s\" name=\"%s %s\" time=\"%.3f\"",
              r.backend(),
              r.rule(),
              xml(r.rule().title()),
              r.elapsed().toMillis() / 1000.0));
      switch (r.status()) {
        case PASS -> sb.append("/>\n");
        case SKIP ->
            sb.append(">\n    <skipped message=\"")
                .append(xml(r.detail()))
                .append("\"/>\n  </testcase>\n");
        case FAIL ->
            sb.append(">\n    <failure message=\"")
                .append(xml(r.detail()))
                .append("\">")
                .append(xml(r.rule().intent()))
                .append("</failure>\n  </testcase>\n");
        case ERROR ->
            sb.append(">\n    <error message=\"")
                .append(xml(r.detail()))
                .append("\" type=\"could-not-run\"/>\n  </testcase>\n");
      }
    }
    return sb.append("</testsuite>\n").toString();
  }

  private static String xml(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        default -> {
          if (c >= 0x20 || c == '\t' || c == '\n') {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "Matrix[" + target + ", " + summary() + "]";
  }
}
