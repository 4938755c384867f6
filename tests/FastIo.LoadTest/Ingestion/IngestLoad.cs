using System.Diagnostics;
using FastIo.Orleans.LoadTest.Measure;
using FastIo.Orleans.Replay.Http;

namespace FastIo.Orleans.LoadTest.Ingestion;

/// <summary>
/// Sends events at a fixed rate in batches, open-loop (each batch is due at its time whatever the answers
/// before it). A batch that fails without a refusal (5xx, timeout, dropped connection) is sent again with the
/// same idempotency keys until it is acknowledged or <see cref="LoadOptions.RetrySeconds"/> have passed; a 4xx
/// is a refusal, counted and not retried. Only a 2xx answer puts events in the ledger.
/// </summary>
public sealed class IngestLoad(LoadOptions options, IngestClient ingest, EventMix mix, Ledger ledger,
    LoadMetrics metrics, Population population, ErrorLog errors)
{
    // Enough to ride out a 30 s stall at a few hundred batches a second without unbounded growth.
    private const int MaxBatchesInFlight = 256;

    private readonly SemaphoreSlim _inFlight = new(MaxBatchesInFlight);
    private long _next;

    /// <summary>Sends until <paramref name="stopSending"/>; returns when every batch sent has settled.</summary>
    public async Task RunAsync(CancellationToken stopSending, CancellationToken abort)
    {
        if (options.IngestRate <= 0)
        {
            return;
        }

        var batches = new List<Task>();
        var started = Stopwatch.GetTimestamp();
        var batchInterval = TimeSpan.FromSeconds(options.Batch / options.IngestRate);
        var count = (long)Math.Ceiling(options.Seconds * options.IngestRate / options.Batch);
        try
        {
            for (var k = 0; k < count && !stopSending.IsCancellationRequested; k++)
            {
                var due = (batchInterval * k) - Stopwatch.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, stopSending);
                }

                await _inFlight.WaitAsync(stopSending);
                var events = Enumerable.Range(0, options.Batch)
                    .Select(_ => mix.Next(Interlocked.Increment(ref _next), Random.Shared.Next(options.Profiles)))
                    .ToList();
                batches.Add(Task.Run(() => SendAsync(events, abort), CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stopSending.IsCancellationRequested)
        {
            // The run is over: no new batches; the ones sent still settle below.
        }

        await Task.WhenAll(batches);
    }

    private async Task SendAsync(List<LoadEvent> events, CancellationToken abort)
    {
        try
        {
            Interlocked.Add(ref metrics.EventsSent, events.Count);
            var firstSent = Stopwatch.GetTimestamp();
            for (var failures = 1; ; failures++)
            {
                var attempt = Stopwatch.GetTimestamp();
                try
                {
                    var answers = await ingest.SendAsync([.. events.Select(e => e.Item)], abort);
                    metrics.IngestBatch.Succeeded(attempt);
                    Acknowledge(events, answers, firstSent);
                    return;
                }
                catch (ApiException e) when (e.Status is 0 or 429 or >= 500)
                {
                    metrics.IngestBatch.Failed();
                    if (Stopwatch.GetElapsedTime(firstSent).TotalSeconds > options.RetrySeconds)
                    {
                        Interlocked.Add(ref metrics.EventsGivenUp, events.Count);
                        errors.Write($"ingest: gave up a batch of {events.Count} after {failures} tries: {e.Message}");
                        return;
                    }

                    Interlocked.Increment(ref metrics.BatchRetries);
                    errors.Write($"ingest: retrying a batch of {events.Count} (try {failures}): {First(e.Message)}");
                    await Task.Delay(Backoff.After(failures), abort);
                }
                catch (ApiException e)
                {
                    metrics.IngestBatch.Failed();
                    Interlocked.Add(ref metrics.EventsRefused, events.Count);
                    errors.Write($"ingest: refused a batch of {events.Count}: {First(e.Message)}");
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Interrupted: the batch is neither acknowledged nor counted as lost.
        }
        finally
        {
            _inFlight.Release();
        }
    }

    private void Acknowledge(List<LoadEvent> events, IReadOnlyList<IngestedEvent> answers, long firstSent)
    {
        var at = Stopwatch.GetTimestamp();
        var utc = DateTime.UtcNow;
        ledger.Add([.. events.Select((e, i) => new AcknowledgedEvent(e.Item.IdempotencyKey, answers[i].EventId,
            e.Profile, population.Workspaces[e.Profile], e.Key, answers[i].ActivityAt, firstSent, at, utc))]);
        Interlocked.Add(ref metrics.EventsAcknowledged, events.Count);
    }

    private static string First(string message) => message.Split('\n')[0];
}
