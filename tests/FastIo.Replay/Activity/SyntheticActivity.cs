using FastIo.Orleans.Replay.Mapping;

namespace FastIo.Orleans.Replay.Activity;

/// <summary>
/// Generates GH-like events with the shape of the real hour: the same type mix, repositories whose activity
/// follows the hour's skew, actors who mostly stay in one repository, and orgs that gather several
/// repositories. Deterministic for a seed and scale; every ID is a derived 20-digit pseudonym.
/// </summary>
public sealed class SyntheticActivity
{
    private static readonly DateTimeOffset HourStart = new(2015, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly int _seed;
    private readonly string _run;

    public SyntheticActivity(double scale, int seed)
    {
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be a positive number.");
        }

        _seed = seed;
        EventCount = Math.Max(1, (int)Math.Round(scale * HourShape.EventCount));

        // The run tag keeps IDs and idempotency keys of different seeds and sizes apart on one server.
        _run = $"syn{seed}n{EventCount}";
    }

    public int EventCount { get; }

    public string Description => $"synthetic hour, {EventCount:N0} GH-like events, seed {_seed}";

    public IEnumerable<GhEvent> Generate()
    {
        var random = new Random(_seed);
        var repoOfEvent = DealRepositories(random);
        var seconds = ArrivalSeconds(random);
        var state = new GenerationState(EventCount, random);
        var payloads = new SyntheticPayloads(_run, this);

        for (var index = 0; index < EventCount; index++)
        {
            var repo = state.Repo(repoOfEvent[index], random, this);
            var actor = state.ActorFor(repo, random, this);
            var (type, variant) = HourShape.TypeMix.Draw(random);

            yield return new GhEvent(
                Id: $"{_run}-{index}",
                Type: type,
                CreatedAt: HourStart.AddSeconds(seconds[index]),
                Actor: actor,
                Repo: repo.Account,
                Org: repo.Org,
                Payload: payloads.Make(type, variant, index, repo, random, state));
        }
    }

    internal GhAccount NewAccount(string kind, int number)
    {
        var prefix = kind == "org" ? "org" : kind == "repo" ? "repo" : "user";
        var key = $"{number}";
        return new GhAccount(DerivedIds.From(_run, kind, key), $"{prefix}-{DerivedIds.Tag(_run, kind, key)}");
    }

    /// <summary>
    /// Gives each repository an activity count drawn from the hour's distribution until the hour is full, then
    /// shuffles, so busy repositories' events are spread over the hour as they were.
    /// </summary>
    private int[] DealRepositories(Random random)
    {
        var deck = new int[EventCount];
        var filled = 0;
        for (var repo = 0; filled < EventCount; repo++)
        {
            var count = Math.Min(HourShape.EventsPerRepo.Draw(random), EventCount - filled);
            Array.Fill(deck, repo, filled, count);
            filled += count;
        }

        random.Shuffle(deck);
        return deck;
    }

    /// <summary>Poisson arrivals stretched to end within the hour, in whole seconds as GH Archive has them.</summary>
    private int[] ArrivalSeconds(Random random)
    {
        var times = new double[EventCount];
        var clock = 0.0;
        for (var i = 0; i < EventCount; i++)
        {
            clock += -Math.Log(1 - random.NextDouble());
            times[i] = clock;
        }

        var stretch = 3599.0 / (clock + -Math.Log(1 - random.NextDouble()));
        return times.Select(time => (int)(time * stretch)).ToArray();
    }
}
