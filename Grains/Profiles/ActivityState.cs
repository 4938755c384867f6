using FastIo.Orleans.Activity;

namespace FastIo.Orleans.Grains.Profiles;

/// <summary>
/// A profile's activity timestamps: per key, the commit time of its last change, in microseconds since the
/// Unix epoch (so all six fractional digits survive the JSON snapshot exactly).
/// </summary>
/// <remarks>
/// Bounded because it is part of the snapshot: profile-level keys are a fixed set, and per-object keys are at
/// most <see cref="MaxObjectKeys"/>, none older than <see cref="MaxObjectAge"/> at the profile's latest
/// commit. A per-object key pushed out moves <see cref="Floor"/> up to its time, so the invariant is: every
/// key whose last change is after the floor is still here. A read from before the floor is told so.
/// </remarks>
public sealed class ActivityState
{
    public const int MaxObjectKeys = 1000;

    public static readonly TimeSpan MaxObjectAge = TimeSpan.FromDays(7);

    private const long TicksPerMicrosecond = 10;

    /// <summary>The latest commit time that touched keys; 0 when none has.</summary>
    public long Head { get; set; }

    /// <summary>Changes at or before this time may have been forgotten; 0 when nothing ever was.</summary>
    public long Floor { get; set; }

    private Dictionary<string, long> _keys = new(StringComparer.Ordinal);

    /// <summary>Per-object keys in the order they were last touched (commit times only grow), with stale
    /// entries for keys touched again since; trimming pops from the front instead of sorting every key.</summary>
    private readonly Queue<(string Key, long At)> _objectOrder = new();

    /// <summary>How many per-object keys <see cref="Keys"/> holds; -1 until indexed after a snapshot load.</summary>
    private int _objectCount = -1;

    public Dictionary<string, long> Keys
    {
        get => _keys;
        set
        {
            _keys = value;
            _objectCount = -1;
        }
    }

    /// <summary>The commit time for the next commit: now, but strictly after the previous one.</summary>
    public long NextCommitTime(DateTime utcNow) => Math.Max(ToMicros(utcNow), Head + 1);

    public void Touch(string key, long at)
    {
        var isNew = !_keys.TryGetValue(key, out var known);
        if (isNew || known < at)
        {
            _keys[key] = at;
            if (_objectCount >= 0 && ActivityKeys.IsPerObject(key))
            {
                _objectOrder.Enqueue((key, at));
                _objectCount += isNew ? 1 : 0;
            }
        }

        Head = Math.Max(Head, at);
    }

    /// <summary>Drops per-object keys past the bounds, oldest first, raising the floor over what it drops.
    /// Costs what it drops, not what it keeps: it runs on every commit.</summary>
    public void Trim(long now)
    {
        if (_objectCount < 0)
        {
            Reindex();
        }

        var oldestKept = now - MaxObjectAge.Ticks / TicksPerMicrosecond;
        while (_objectOrder.TryPeek(out var oldest) && (_objectCount > MaxObjectKeys || oldest.At < oldestKept))
        {
            _objectOrder.Dequeue();
            if (_keys.TryGetValue(oldest.Key, out var at) && at == oldest.At)
            {
                _keys.Remove(oldest.Key);
                _objectCount--;
                Floor = Math.Max(Floor, at);
            }
        }

        // Keys touched over and over leave stale entries behind; rebuilding now and then keeps the queue bounded.
        if (_objectOrder.Count > 2 * _objectCount + 64)
        {
            Reindex();
        }
    }

    private void Reindex()
    {
        _objectOrder.Clear();
        foreach (var entry in _keys.Where(e => ActivityKeys.IsPerObject(e.Key)).OrderBy(e => e.Value))
        {
            _objectOrder.Enqueue((entry.Key, entry.Value));
        }

        _objectCount = _objectOrder.Count;
    }

    /// <summary>What a query reads, in one pass so that keys of one commit are never split.</summary>
    public (bool Recovered, List<ActivityStamp> Keys) Read(ActivityQuery query)
    {
        var since = query.Since is { } s ? ToMicros(s) : (long?)null;
        var recovered = since is null || since >= Floor;
        var found = new List<ActivityStamp>();
        foreach (var (key, at) in Keys)
        {
            if (query.Fields is { } fields && !fields.Matches(key))
            {
                continue;
            }

            var changed = since is { } after && at > after;
            var wanted = !recovered || changed || (query.IncludeProfileKeys && !ActivityKeys.IsPerObject(key));
            if (wanted)
            {
                found.Add(new ActivityStamp(key, FromMicros(at)));
            }
        }

        return (recovered, found);
    }

    public static long ToMicros(DateTime utc) =>
        (utc.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) / TicksPerMicrosecond;

    public static DateTime FromMicros(long micros) =>
        new(DateTime.UnixEpoch.Ticks + micros * TicksPerMicrosecond, DateTimeKind.Utc);
}
