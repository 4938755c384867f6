namespace FastIo.Orleans.Replay.Activity;

/// <summary>A synthetic repository: its account, its org (if any) and the actors seen in it so far.</summary>
internal sealed class SyntheticRepo(GhAccount account, GhAccount? org)
{
    public GhAccount Account { get; } = account;

    public GhAccount? Org { get; } = org;

    /// <summary>The actor of each of the repository's events so far, repeats included.</summary>
    public List<GhAccount> EventActors { get; } = [];

    public HashSet<string> ActorIds { get; } = [];

    public int Size => EventActors.Count;
}

/// <summary>
/// Who exists so far in one generation run. Orgs are dealt their repositories from the hour's distribution of
/// org sizes. New actors appear at the hour's measured rate; otherwise an existing one is picked in proportion
/// to how often it has been picked, which yields the long-tailed, Zipf-like popularity of the real hour.
/// </summary>
internal sealed class GenerationState
{
    private readonly Dictionary<int, SyntheticRepo> _repos = [];
    private readonly List<GhAccount> _actorPicks = [];
    private readonly int[] _orgDeck;
    private int _orgDealt;
    private int _actors;

    public GenerationState(int eventCount, Random random)
    {
        // One slot per expected org repository, so orgs end up about as full as the hour's were.
        var reposExpected = eventCount * 4_548.0 / HourShape.EventCount;
        var slots = Math.Max(1, (int)Math.Round(reposExpected * HourShape.RepoInOrg));
        _orgDeck = new int[slots];
        var filled = 0;
        for (var org = 0; filled < slots; org++)
        {
            var size = Math.Min(HourShape.ReposPerOrg.Draw(random), slots - filled);
            Array.Fill(_orgDeck, org, filled, size);
            filled += size;
        }

        random.Shuffle(_orgDeck);
    }

    public SyntheticRepo Repo(int number, Random random, SyntheticActivity names)
    {
        if (_repos.TryGetValue(number, out var repo))
        {
            return repo;
        }

        GhAccount? org = null;
        if (random.NextDouble() < HourShape.RepoInOrg)
        {
            // Past the deck every org repository founds its own org, the commonest case in the hour.
            var orgNumber = _orgDealt < _orgDeck.Length ? _orgDeck[_orgDealt] : -1 - _orgDealt;
            _orgDealt++;
            org = names.NewAccount("org", orgNumber);
        }

        repo = new SyntheticRepo(names.NewAccount("repo", number), org);
        _repos.Add(number, repo);
        return repo;
    }

    public GhAccount ActorFor(SyntheticRepo repo, Random random, SyntheticActivity names)
    {
        var actor = repo.Size > 0 && random.NextDouble() >= HourShape.NewActorInRepo
            ? repo.EventActors[random.Next(repo.Size)]
            : AnyActor(random, names);

        if (repo.ActorIds.Add(actor.Id))
        {
            _actorPicks.Add(actor);
        }

        repo.EventActors.Add(actor);
        return actor;
    }

    public GhAccount AnyActor(Random random, SyntheticActivity names) =>
        _actorPicks.Count == 0 || random.NextDouble() < HourShape.NewActorInHour
            ? names.NewAccount("actor", _actors++)
            : _actorPicks[random.Next(_actorPicks.Count)];
}
