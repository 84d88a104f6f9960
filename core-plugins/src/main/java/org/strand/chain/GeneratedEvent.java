package org.strand.chain;

/**
 * What the generator put into a run for one event: the truth that tests and studies compare
 * reconstructed events against.
 *
 * @param s1Time when the S1's first photoelectron could arrive [ns since the epoch]
 * @param s2Time the centre of the S2's light [ns since the epoch]
 * @param driftTime {@code s2Time - s1Time} [ns]
 * @param s1Photoelectrons photoelectrons in the S1
 * @param s2Photoelectrons photoelectrons in the S2
 */
public record GeneratedEvent(long s1Time, long s2Time, long driftTime, int s1Photoelectrons, int s2Photoelectrons) {}
