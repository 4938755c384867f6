using System.Diagnostics;
using FastIo.Orleans.LoadTest.Clients;
using FastIo.Orleans.LoadTest.Ingestion;
using FastIo.Orleans.LoadTest.Measure;

namespace FastIo.Orleans.LoadTest.Checks;

/// <summary>
/// For one transport: did every client on an acknowledged event's workspace receive the event's per-object key
/// (or a <c>recovered: false</c> after the event was sent), and how long after the acknowledgement.
/// </summary>
public static class DeliveryCheck
{
    public static DeliveryResult Run(string transport, IReadOnlyCollection<AcknowledgedEvent> events,
        IReadOnlyList<Inbox> clients, Operation? latencies = null)
    {
        var byProfile = clients.ToLookup(c => c.Profile);
        var milliseconds = new List<double>();
        long expected = 0, missed = 0, reloaded = 0;
        foreach (var e in events)
        {
            foreach (var client in byProfile[e.Profile])
            {
                expected++;
                if (client.TryGetReceipt(e.Key, out var at))
                {
                    // A push can arrive before the ingestion answer is read: that counts as no wait at all.
                    var ms = at <= e.AcknowledgedAt
                        ? 0
                        : Stopwatch.GetElapsedTime(e.AcknowledgedAt, at).TotalMilliseconds;
                    milliseconds.Add(ms);
                    latencies?.Took(TimeSpan.FromMilliseconds(ms));
                }
                else if (client.ReloadedSince(e.FirstSentAt))
                {
                    reloaded++;
                }
                else
                {
                    missed++;
                }
            }
        }

        var summary = Summary.Of(transport, [.. milliseconds], missed, TimeSpan.FromSeconds(1));
        return new DeliveryResult(transport, clients.Count, expected, milliseconds.Count, reloaded, missed,
            summary.P50, summary.P99, summary.Max);
    }

    /// <summary>How many (client, key) pairs are still missing; cheap enough to ask every half second.</summary>
    public static long Missing(IReadOnlyCollection<AcknowledgedEvent> events, IReadOnlyList<Inbox> clients)
    {
        var byProfile = clients.ToLookup(c => c.Profile);
        return events.Sum(e => (long)byProfile[e.Profile]
            .Count(c => !c.TryGetReceipt(e.Key, out _) && !c.ReloadedSince(e.FirstSentAt)));
    }
}

/// <summary>One transport's deliveries; latencies in milliseconds from acknowledgement to receipt.</summary>
public sealed record DeliveryResult(string Transport, int Clients, long Expected, long Received, long Reloaded,
    long Missed, double P50, double P99, double Max);
