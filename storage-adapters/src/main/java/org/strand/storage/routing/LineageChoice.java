package org.strand.storage.routing;

import java.util.List;
import org.strand.core.ConfigurationException;

/**
 * Which of the lineages a run holds of a type an input source reads: the one chosen by its hash
 * (with {@code --input-lineage}), or else the only one. A run that lacks the chosen lineage, or
 * holds several and none was chosen, is refused with a message naming what it holds.
 *
 * @param runId the run
 * @param data how the messages name the data: {@code "strax data of type 'raw_records'"}, say
 * @param place where the run's data lies, as the messages name it
 */
public record LineageChoice(String runId, String data, String place) {
  /**
   * The index in {@code hashes} of the lineage to read.
   *
   * @param hashes the lineage hashes the run holds of the type, at least one
   * @param names each lineage's name in a message (a directory's name, or the hash itself)
   * @param chosen the hash to read, or null to read the only one
   * @throws ConfigurationException if the chosen hash is not among {@code hashes}, or there are
   *     several and none was chosen
   */
  public int index(List<String> hashes, List<String> names, String chosen) {
    if (chosen != null) {
      int i = hashes.indexOf(chosen);
      if (i < 0) {
        throw new ConfigurationException("run " + runId + " has no " + data + " with lineage " + chosen + " in " + place
            + "; it has lineages " + hashes);
      }
      return i;
    }
    if (hashes.size() > 1) {
      throw new ConfigurationException("run " + runId + " has " + hashes.size() + " lineages of " + data + " in " + place
          + ": " + names + "; keep only one or choose one by its hash (--input-lineage on the command line)");
    }
    return 0;
  }
}
