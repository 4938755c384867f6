using System.Diagnostics;
using FastIo.Orleans.Replay.Http;
using FastIo.Orleans.Replay.Mapping;

namespace FastIo.Orleans.Replay.Replay;

/// <summary>
/// Sends an activity source through the ingestion API: profiles as fast as the server takes them, then the
/// hour either as fast as possible or at its own pacing sped up by a factor.
/// </summary>
public sealed class Replayer(IngestClient ingest, TextWriter output)
{
    // A paced batch covers a quarter of a second of wall time, so sends stay close to their moment.
    private static readonly TimeSpan PacedBatchSpan = TimeSpan.FromSeconds(0.25);

    public async Task<ActivityTally> RunAsync(ReplaySource source, int batchSize, double? speed,
        CancellationToken cancellationToken)
    {
        var tally = new ActivityTally();
        var progress = new ProgressMeter(output);
        var window = BatchWindow(speed);
        var hourClock = new Stopwatch();

        foreach (var batch in source.Batches(batchSize, window))
        {
            if (speed is { } factor && batch.Phase == ReplayPhase.Hour)
            {
                if (!hourClock.IsRunning)
                {
                    hourClock.Start();
                }

                var wait = batch.Offset / factor - hourClock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }
            }

            try
            {
                await ingest.SendAsync(batch.Events, cancellationToken);
            }
            catch (ApiException)
            {
                output.WriteLine($"Stopped at batch {tally.Batches + 1} ({ProgressMeter.Describe(batch.Phase)}), " +
                    $"after {tally.Items:N0} events; a re-run skips what was recorded (same idempotency keys).");
                throw;
            }

            tally.Add(batch);
            progress.Report(batch, tally);
        }

        progress.Summarise(tally);
        return tally;
    }

    /// <summary>How much of the hour one paced batch may span; none when sending as fast as possible.</summary>
    public static TimeSpan? BatchWindow(double? speed) => speed is { } factor ? PacedBatchSpan * factor : null;
}
