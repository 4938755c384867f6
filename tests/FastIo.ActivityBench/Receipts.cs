using System.Collections.Concurrent;
using System.Diagnostics;

namespace FastIo.Orleans.ActivityBench;

/// <summary>
/// When each key was acknowledged by the target and when each client received it. Keys are
/// <c>storage:b{n}</c>; a client ignores every other key.
/// </summary>
public sealed class Receipts
{
    public const string Prefix = "storage:b";

    private readonly ConcurrentDictionary<int, (int Profile, long Acknowledged)> _published = new();
    private readonly ConcurrentQueue<(int Client, int Key, long At)> _received = new();
    private volatile bool _recording;

    public int Published => _published.Count;

    public int Received => _received.Count;

    public void Start() => _recording = true;

    /// <summary>Notes when the target answered a publish (only while recording: warm-up keys are not measured).</summary>
    public void Acknowledged(int key, int profile, long at)
    {
        if (_recording)
        {
            _published[key] = (profile, at);
        }
    }

    /// <summary>Called by clients for each key of each message (keys other than <see cref="Prefix"/>n are skipped).</summary>
    public void Receive(int client, string key)
    {
        var at = Stopwatch.GetTimestamp();
        if (_recording && key.StartsWith(Prefix, StringComparison.Ordinal) && int.TryParse(key.AsSpan(Prefix.Length), out var n))
        {
            _received.Enqueue((client, n, at));
        }
    }

    /// <summary>Latencies (ms) from acknowledgement to receipt, and the (client, key) pairs never received.</summary>
    public (List<double> Latencies, int Early, int Missing) Measure(IReadOnlyList<int> clientProfiles)
    {
        var byProfile = clientProfiles.Select((profile, client) => (profile, client))
            .ToLookup(c => c.profile, c => c.client);
        var got = new HashSet<(int, int)>();
        var latencies = new List<double>();
        var early = 0;
        foreach (var (client, key, at) in _received)
        {
            if (!_published.TryGetValue(key, out var published) || clientProfiles[client] != published.Profile
                || !got.Add((client, key)))
            {
                continue;
            }

            var ms = Stopwatch.GetElapsedTime(published.Acknowledged, at).TotalMilliseconds;
            if (at < published.Acknowledged)
            {
                // Pushed before the publisher finished reading the answer: counted as 0.
                early++;
                ms = 0;
            }

            latencies.Add(ms);
        }

        var expected = _published.Sum(p => byProfile[p.Value.Profile].Count());
        return (latencies, early, expected - got.Count);
    }

    /// <summary>Whether every client of every published key's profile has it.</summary>
    public bool Complete(IReadOnlyList<int> clientProfiles) => Measure(clientProfiles).Missing == 0;
}
