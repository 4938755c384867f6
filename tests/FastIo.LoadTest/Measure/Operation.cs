using System.Collections.Concurrent;
using System.Diagnostics;

namespace FastIo.Orleans.LoadTest.Measure;

/// <summary>One kind of operation (an ingestion batch, a search, ...): how long each success took, how many
/// failed.</summary>
public sealed class Operation(string name)
{
    private readonly ConcurrentQueue<double> _milliseconds = new();
    private long _errors;

    public string Name => name;

    public long Count => _milliseconds.Count;

    public long Errors => Interlocked.Read(ref _errors);

    public void Succeeded(long startedAt) => Took(Stopwatch.GetElapsedTime(startedAt));

    public void Took(TimeSpan duration) => _milliseconds.Enqueue(duration.TotalMilliseconds);

    public void Failed() => Interlocked.Increment(ref _errors);

    public Summary Summarize(TimeSpan window) => Summary.Of(name, [.. _milliseconds], Errors, window);
}

/// <summary>An operation's figures at the end; times in milliseconds.</summary>
public sealed record Summary(string Operation, long Count, long Errors, double PerSecond, double P50, double P90,
    double P99, double Max)
{
    public static Summary Of(string name, double[] milliseconds, long errors, TimeSpan window)
    {
        Array.Sort(milliseconds);
        var seconds = Math.Max(window.TotalSeconds, 0.001);
        return new Summary(name, milliseconds.Length, errors, milliseconds.Length / seconds,
            Percentile(milliseconds, 0.50), Percentile(milliseconds, 0.90), Percentile(milliseconds, 0.99),
            milliseconds.Length == 0 ? 0 : milliseconds[^1]);
    }

    // Nearest rank: the smallest value with at least p of the samples at or below it.
    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
