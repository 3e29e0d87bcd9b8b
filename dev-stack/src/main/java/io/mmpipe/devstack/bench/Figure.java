package io.mmpipe.devstack.bench;

/**
 * One measured figure beside the baseline it is judged against (measured in the same run).
 *
 * @param section       baseline, ingest, processor or gateway
 * @param name          what was measured
 * @param value         the measurement
 * @param unit          its unit
 * @param baselineName  what it is compared with, or null when it is itself a baseline
 * @param baselineValue the baseline's value (NaN when none)
 * @param note          how to read it (may be empty)
 */
public record Figure(String section, String name, double value, String unit, String baselineName,
    double baselineValue, String note) {

  public static Figure baseline(String section, String name, double value, String unit, String note) {
    return new Figure(section, name, value, unit, null, Double.NaN, note);
  }

  public static Figure vs(String section, String name, double value, String unit, String baselineName,
      double baselineValue, String note) {
    return new Figure(section, name, value, unit, baselineName, baselineValue, note);
  }

  /** value / baseline; NaN when there is no usable baseline. */
  public double ratio() {
    if (baselineName == null || Double.isNaN(baselineValue) || baselineValue == 0) {
      return Double.NaN;
    }
    return value / baselineValue;
  }
}
