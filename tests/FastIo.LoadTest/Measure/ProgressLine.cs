using System.Diagnostics;
using System.Globalization;

namespace FastIo.Orleans.LoadTest.Measure;

/// <summary>Prints one line every 5 s while the load runs.</summary>
public sealed class ProgressLine(LoadMetrics metrics, LoadOptions options, TextWriter output)
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    public async Task RunAsync(CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        long acked = 0, searches = 0;
        using var timer = new PeriodicTimer(Every);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var nowAcked = Interlocked.Read(ref metrics.EventsAcknowledged);
                var nowSearches = metrics.Search.Count;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Stopwatch.GetElapsedTime(started).TotalSeconds,5:0}s"
                    + $"  ingested {(nowAcked - acked) / Every.TotalSeconds,7:0.0}/s"
                    + $"  acked {nowAcked,8}  errors {metrics.Errors,5}"
                    + $"  searches {(nowSearches - searches) / Every.TotalSeconds,5:0.0}/s"
                    + $"  sockets {Interlocked.Read(ref metrics.OpenSockets)}/{options.Sockets} open"
                    + $"  polls {Interlocked.Read(ref metrics.WaitingPolls)}/{options.Polls} waiting"
                    + $"  reconnects {metrics.Reconnect.Count}"));
                acked = nowAcked;
                searches = nowSearches;
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}
