using System.Collections.Concurrent;
using System.Diagnostics;

namespace FastIo.Orleans.LoadTest.Clients;

/// <summary>What one socket or poll client received: the first time of each key of this run, and every
/// <c>recovered: false</c> (the client was told to reload, which covers whatever it may have missed).</summary>
public sealed class Inbox(int profile, string objectPrefix)
{
    private readonly ConcurrentDictionary<string, long> _first = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<long> _reloads = new();

    public int Profile => profile;

    public int Reloads => _reloads.Count;

    public void Receive(ActivityMessage message)
    {
        var at = Stopwatch.GetTimestamp();
        foreach (var key in message.Keys)
        {
            // Only this run's per-object keys: "storage:ld1a2b3c-17", never "storage" or another run's objects.
            var colon = key.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && key.AsSpan(colon + 1).StartsWith(objectPrefix, StringComparison.Ordinal))
            {
                _first.TryAdd(key, at);
            }
        }

        if (message.RecoveredFalse)
        {
            _reloads.Enqueue(at);
        }
    }

    public bool TryGetReceipt(string key, out long at) => _first.TryGetValue(key, out at);

    /// <summary>Whether the client was told to reload after <paramref name="since"/>.</summary>
    public bool ReloadedSince(long since) => _reloads.Any(at => at >= since);
}
