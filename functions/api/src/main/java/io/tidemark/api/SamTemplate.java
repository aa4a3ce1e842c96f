package io.tidemark.api;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The functions a SAM template declares, as {@code bin/tidemark invoke} needs them: handler,
 * timeout and the environment variables whose values are plain strings. CloudFormation's short
 * forms ({@code !Ref}, {@code !Sub}, ...) are read as {@link Intrinsic} values: they are resolved
 * only by a deployment.
 */
final class SamTemplate {
  /** A value CloudFormation computes at deployment, such as {@code !Sub "s3://${Bucket}"}. */
  record Intrinsic(String function, Object argument) {}

  /** A function of the template. */
  record Function(String logicalId, String handler, int timeoutSeconds, Map<String, String> environment) {}

  private final Map<String, Object> root;

  private SamTemplate(Map<String, Object> root) {
    this.root = root;
  }

  static SamTemplate read(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Object parsed = new Yaml(new TolerantConstructor()).load(in);
      if (!(parsed instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException(file + " is not a template: no mapping at its top");
      }
      return new SamTemplate(cast(map));
    }
  }

  /** The function with this logical id, with Globals.Function applied; or an exception naming the ones there are. */
  Function function(String logicalId) {
    Map<String, Object> resources = cast(root.getOrDefault("Resources", Map.of()));
    Map<String, Object> resource = cast(resources.get(logicalId));
    if (resource == null || !"AWS::Serverless::Function".equals(resource.get("Type"))) {
      List<String> functions = resources.entrySet().stream()
          .filter(e -> e.getValue() instanceof Map<?, ?> m && "AWS::Serverless::Function".equals(m.get("Type")))
          .map(Map.Entry::getKey).toList();
      throw new IllegalArgumentException("no function " + logicalId + " in the template; its functions are " + functions);
    }
    Map<String, Object> globals = cast(cast(root.getOrDefault("Globals", Map.of())).getOrDefault("Function", Map.of()));
    Map<String, Object> properties = cast(resource.getOrDefault("Properties", Map.of()));
    Object handler = properties.getOrDefault("Handler", globals.get("Handler"));
    if (!(handler instanceof String)) {
      throw new IllegalArgumentException(logicalId + " has no Handler this command can read");
    }
    Object timeout = properties.getOrDefault("Timeout", globals.getOrDefault("Timeout", 3));
    Map<String, String> environment = new LinkedHashMap<>();
    for (Map<String, Object> source : List.of(globals, properties)) {
      Map<String, Object> variables = cast(cast(source.getOrDefault("Environment", Map.of())).getOrDefault("Variables", Map.of()));
      variables.forEach((name, value) -> {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
          environment.put(name, value.toString());
        }
      });
    }
    return new Function(logicalId, (String) handler, timeout instanceof Number n ? n.intValue() : 3, environment);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object value) {
    return value instanceof Map<?, ?> ? (Map<String, Object>) value : null;
  }

  /** YAML's safe types, plus any {@code !Tag} as an {@link Intrinsic} of what it tags. */
  private static final class TolerantConstructor extends SafeConstructor {
    TolerantConstructor() {
      super(new LoaderOptions());
      yamlMultiConstructors.put("!", new AbstractConstruct() {
        @Override
        public Object construct(Node node) {
          String function = node.getTag().getValue().substring(1);
          if (node instanceof ScalarNode scalar) {
            return new Intrinsic(function, constructScalar(scalar));
          }
          if (node instanceof SequenceNode sequence) {
            return new Intrinsic(function, constructSequence(sequence));
          }
          return new Intrinsic(function, constructMapping((MappingNode) node));
        }
      });
    }
  }
}
