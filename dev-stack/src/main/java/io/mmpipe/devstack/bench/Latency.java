package io.mmpipe.devstack.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A latency recorder in microseconds, safe to record from many threads (HdrHistogram's {@link Recorder}); values are
 * clamped to the trackable range rather than dropped, so an outlier is counted, not lost.
 */
public final class Latency {

  private static final long MAX_US = 600_000_000L; // 10 minutes: nothing in the bench waits longer

  private final Recorder recorder = new Recorder(MAX_US, 3);
  private final Histogram total = new Histogram(MAX_US, 3);

  public void recordMicros(long us) {
    recorder.recordValue(Math.max(0, Math.min(us, MAX_US)));
  }

  public void recordMillis(long ms) {
    recordMicros(ms * 1000);
  }

  /** Everything recorded so far (the interval histograms are folded into a running total). */
  public synchronized Summary summary() {
    total.add(recorder.getIntervalHistogram());
    return new Summary(total.getTotalCount(), total.getValueAtPercentile(50) / 1000.0,
        total.getValueAtPercentile(99) / 1000.0, total.getValueAtPercentile(99.9) / 1000.0,
        total.getMaxValue() / 1000.0, SvgChart.percentilePoints(total));
  }

  /** Count and percentiles in milliseconds; {@code points} is the distribution as the percentile chart draws it. */
  public record Summary(long count, double p50Ms, double p99Ms, double p999Ms, double maxMs,
      java.util.List<double[]> points) {}
}
