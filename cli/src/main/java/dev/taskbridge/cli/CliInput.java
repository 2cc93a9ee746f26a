package dev.taskbridge.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskbridge.api.Backend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code --cli-input-json} of {@code report}: the AWS CLI's request members for the backend,
 * inline or as {@code file://path}, and the skeletons {@code --generate-cli-skeleton} prints.
 *
 * <p>Error messages name members, positions and paths, never a value: the input holds a task token.
 */
final class CliInput {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> members;

  private CliInput(Map<String, String> members) {
    this.members = members;
  }

  /** No input. */
  static CliInput empty() {
    return new CliInput(Map.of());
  }

  /** The request members of {@code backend}'s failure operation, as the AWS CLI names them. */
  static List<String> memberNames(Backend backend) {
    return backend == Backend.SFN
        ? List.of("taskToken", "error", "cause")
        : List.of("taskToken", "reason", "details");
  }

  /** {@code --generate-cli-skeleton input}, formatted as the AWS CLI does. */
  static String inputSkeleton(Backend backend) {
    List<String> names = memberNames(backend);
    StringBuilder sb = new StringBuilder("{\n");
    for (int i = 0; i < names.size(); i++) {
      sb.append("    \"").append(names.get(i)).append("\": \"\"");
      sb.append(i < names.size() - 1 ? ",\n" : "\n");
    }
    return sb.append("}").toString();
  }

  /** {@code --generate-cli-skeleton output}: neither operation returns anything. */
  static String outputSkeleton() {
    return "{}";
  }

  /** Parses {@code value}: inline JSON, or {@code file://path} to read it from a file. */
  static CliInput parse(String value, Backend backend) {
    String text = value;
    if (value.startsWith("file://")) {
      Path path = Path.of(value.substring("file://".length()));
      try {
        text = Files.readString(path, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UsageException(
            "--cli-input-json: cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
      }
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the offending text, which may be the token: position only.
      JsonLocation where = e.getLocation();
      throw new UsageException(
          "--cli-input-json is not valid JSON"
              + (where == null
                  ? ""
                  : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"));
    }
    if (root == null || !root.isObject()) {
      throw new UsageException("--cli-input-json must be a JSON object");
    }
    List<String> allowed = memberNames(backend);
    Map<String, String> members = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> member = it.next();
      String name = member.getKey();
      if (!allowed.contains(name)) {
        throw new UsageException(
            "--cli-input-json: unknown parameter \""
                + name
                + "\" for --backend "
                + backend.name().toLowerCase(java.util.Locale.ROOT)
                + ", must be one of: "
                + String.join(", ", allowed));
      }
      JsonNode node = member.getValue();
      if (node.isNull()) {
        continue;
      }
      if (!node.isTextual()) {
        throw new UsageException("--cli-input-json: \"" + name + "\" must be a string");
      }
      members.put(name, node.textValue());
    }
    return new CliInput(members);
  }

  /** The member {@code name}, or null when absent or JSON null. */
  @Nullable String get(String name) {
    return members.get(name);
  }
}
