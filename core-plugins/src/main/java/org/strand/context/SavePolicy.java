package org.strand.context;

import java.util.List;
import java.util.Set;
import org.strand.core.Names;

/**
 * Which computed types a context saves to its storage: the targets only, every computed type
 * (except source outputs, which are the input), or an explicit list.
 *
 * @param mode the kind of policy
 * @param types for {@link Mode#LISTED}: the types to save
 */
public record SavePolicy(Mode mode, Set<String> types) {
  /** The kinds of policy. */
  public enum Mode {
    TARGETS,
    ALL,
    LISTED,
    NONE
  }

  public SavePolicy {
    types = Set.copyOf(types);
    types.forEach(t -> Names.requireIdentifier("data type", t));
  }

  public static SavePolicy targetsOnly() {
    return new SavePolicy(Mode.TARGETS, Set.of());
  }

  public static SavePolicy allComputed() {
    return new SavePolicy(Mode.ALL, Set.of());
  }

  public static SavePolicy nothing() {
    return new SavePolicy(Mode.NONE, Set.of());
  }

  public static SavePolicy listed(List<String> types) {
    return new SavePolicy(Mode.LISTED, Set.copyOf(types));
  }

  /** Whether a computed type is saved under this policy. */
  boolean saves(String type, boolean isTarget, boolean isSourceOutput) {
    return switch (mode) {
      case TARGETS -> isTarget;
      case ALL -> !isSourceOutput;
      case LISTED -> types.contains(type);
      case NONE -> false;
    };
  }
}
