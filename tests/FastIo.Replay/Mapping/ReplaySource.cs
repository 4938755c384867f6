using FastIo.Orleans.Replay.Activity;

namespace FastIo.Orleans.Replay.Mapping;

/// <summary>
/// A replayable hour of activity as this product's events: profile creation first, then the hour. The
/// source events are read again for each enumeration (a file is re-read, a generator re-run with its seed),
/// so even a large synthetic hour is never held in memory twice.
/// </summary>
public sealed class ReplaySource
{
    private readonly Func<IEnumerable<GhEvent>> _events;
    private readonly Lazy<ProfileDirectory> _profiles;

    public ReplaySource(string description, Func<IEnumerable<GhEvent>> events)
    {
        Description = description;
        _events = events;
        _profiles = new Lazy<ProfileDirectory>(() => ProfileDirectory.Build(_events()));
    }

    public string Description { get; }

    public ProfileDirectory Profiles => _profiles.Value;

    public static ReplaySource FromFile(string path) =>
        new($"GH Archive hour {Path.GetFileName(path)}", () => ArchiveHourReader.Read(path));

    public static ReplaySource FromSynthetic(SyntheticActivity generator) =>
        new(generator.Description, generator.Generate);

    public IEnumerable<GhEvent> SourceEvents() => _events();

    /// <summary>Every item in send order, tagged with its phase.</summary>
    public IEnumerable<(ReplayPhase Phase, ProductEvent Event)> Events()
    {
        var profiles = Profiles;
        foreach (var phase in Enum.GetValues<ReplayPhase>().Where(phase => phase != ReplayPhase.Hour))
        {
            foreach (var item in ProfileCreation.For(phase, profiles))
            {
                yield return (phase, item);
            }
        }

        var mapper = new EventMapper(profiles);
        foreach (var gh in _events())
        {
            foreach (var item in mapper.Map(gh))
            {
                yield return (ReplayPhase.Hour, item);
            }
        }
    }

    /// <summary>
    /// Items grouped into requests of at most <paramref name="size"/>. A batch never mixes phases, and when
    /// <paramref name="window"/> is given an hour batch never spans more than that much of the hour, so a
    /// paced replay sends each moment's events close to their time.
    /// </summary>
    public IEnumerable<ActivityBatch> Batches(int size, TimeSpan? window = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var hourStart = Profiles.HourStart;
        var pending = new List<ProductEvent>(size);
        var pendingPhase = ReplayPhase.Users;
        var pendingOffset = TimeSpan.Zero;

        foreach (var (phase, item) in Events())
        {
            var offset = phase == ReplayPhase.Hour ? item.OccurredAt - hourStart : TimeSpan.Zero;
            var full = pending.Count == size;
            var otherPhase = pending.Count > 0 && phase != pendingPhase;
            var later = pending.Count > 0 && window is { } span && offset - pendingOffset >= span;
            if (full || otherPhase || later)
            {
                yield return new ActivityBatch(pendingPhase, pending, pendingOffset);
                pending = new List<ProductEvent>(size);
            }

            if (pending.Count == 0)
            {
                pendingPhase = phase;
                pendingOffset = offset;
            }

            pending.Add(item);
        }

        if (pending.Count > 0)
        {
            yield return new ActivityBatch(pendingPhase, pending, pendingOffset);
        }
    }
}
