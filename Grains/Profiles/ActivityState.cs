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

    public Dictionary<string, long> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The commit time for the next commit: now, but strictly after the previous one.</summary>
    public long NextCommitTime(DateTime utcNow) => Math.Max(ToMicros(utcNow), Head + 1);

    public void Touch(string key, long at)
    {
        if (!Keys.TryGetValue(key, out var known) || known < at)
        {
            Keys[key] = at;
        }

        Head = Math.Max(Head, at);
    }

    /// <summary>Drops per-object keys past the bounds, oldest first, raising the floor over what it drops.</summary>
    public void Trim(long now)
    {
        var oldestKept = now - MaxObjectAge.Ticks / TicksPerMicrosecond;
        List<KeyValuePair<string, long>>? objects = null;
        foreach (var entry in Keys)
        {
            if (ActivityKeys.IsPerObject(entry.Key))
            {
                (objects ??= []).Add(entry);
            }
        }

        if (objects is null || (objects.Count <= MaxObjectKeys && objects.TrueForAll(o => o.Value >= oldestKept)))
        {
            return;
        }

        objects.Sort((a, b) => b.Value.CompareTo(a.Value));
        for (var i = 0; i < objects.Count; i++)
        {
            if (i >= MaxObjectKeys || objects[i].Value < oldestKept)
            {
                Keys.Remove(objects[i].Key);
                Floor = Math.Max(Floor, objects[i].Value);
            }
        }
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
