using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using FastIo.Orleans.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FastIo.Orleans.Tests.Permissions;

/// <summary>
/// Builds a random world through the ingestion API and checks every answer against
/// <see cref="PermissionOracle"/>: every user searches every profile (midway, which fills the search caches,
/// and at the end, after memberships changed), and a sample of details and acknowledgements. Seeds are fixed
/// so a failure repeats; the counts go to the test output.
/// </summary>
[Collection(ProductCollection.Name)]
public sealed class PermissionPropertyTests(ProductStack stack, ITestOutputHelper output)
{
    private const int DetailsSeed = 4243;
    private const int PageSize = 250;
    private const int MaxPages = 40;
    private const int MaxReported = 25;
    private static readonly ModelVisibility?[] VisibilityFilters =
        [null, ModelVisibility.AuditLog, ModelVisibility.External];
    private static readonly ParallelOptions Parallelism = new() { MaxDegreeOfParallelism = 4 };

    [Theory]
    [InlineData(4242)]
    [InlineData(2)]
    public async Task Search_EveryUserInEveryProfile_ReturnsExactlyTheEventsTheRulesAllow(int seed)
    {
        var midway = new Tally();
        var world = await RandomWorld.CreateAsync(stack, seed, w => SearchEverythingAsync(w, seed, midway));
        var tally = new Tally();
        var clock = Stopwatch.StartNew();

        await SearchEverythingAsync(world, seed, tally);

        output.WriteLine($"seed {seed}: {world.Users.Count} users, {world.Profiles.Count} profiles, "
            + $"{world.Events.Count} events; midway {midway.Searches} searches, {midway.Checks} checks, "
            + $"{midway.Mismatches.Count} mismatches; at the end {tally.Searches} searches in {tally.Pages} pages "
            + $"({tally.MultiPageSearches} needed more than one) in {clock.Elapsed.TotalSeconds:F1} s, "
            + $"{tally.Checks} checks ({tally.Shown} shown), {tally.Mismatches.Count} mismatches");
        Assert.True(midway.Mismatches.IsEmpty, "midway: " + midway.Report());
        Assert.True(tally.Mismatches.IsEmpty, tally.Report());
        Assert.True(tally.MultiPageSearches > 0, "no search needed a second page: too small a world to test paging");
    }

    [Fact]
    public async Task DetailsAndAcknowledge_RandomUserAndEventPairs_FollowTheAccessRules()
    {
        var world = await RandomWorld.CreateAsync(stack, DetailsSeed);
        var oracle = new PermissionOracle(world.Profiles);
        var random = new Random(DetailsSeed);
        var pairs = Enumerable.Range(0, 500).Select(i =>
        {
            var e = world.Events[random.Next(world.Events.Count)];
            var roll = random.NextDouble();
            var user = roll < 0.15 ? e.CallingUserId
                : roll < 0.25 && e.TargetUserId is { } target ? target
                : world.Users[random.Next(world.Users.Count)];
            return (Index: i, User: user, Event: e);
        }).ToList();
        var tally = new Tally();

        await Parallel.ForEachAsync(pairs, Parallelism, async (pair, _) =>
        {
            var expected = oracle.Details(pair.User, pair.Event);
            await CheckAccessAsync("details", pair.User, pair.Event, expected, tally);
            if (pair.Index % 4 == 0)
            {
                await CheckAccessAsync("ack", pair.User, pair.Event, expected, tally);
            }
        });

        output.WriteLine($"seed {DetailsSeed}: {world.Events.Count} events; {tally.Checks} details and "
            + $"acknowledgement checks ({tally.Shown} granted), {tally.Mismatches.Count} mismatches");
        Assert.True(tally.Mismatches.IsEmpty, tally.Report());
    }

    private Task SearchEverythingAsync(RandomWorld world, int seed, Tally tally)
    {
        var oracle = new PermissionOracle(world.Profiles);
        return Parallel.ForEachAsync(Searches(world, new Random(seed)), Parallelism,
            async (search, _) => await CheckSearchAsync(world, oracle, search, tally));
    }

    /// <summary>
    /// Each user searches each org, workspace and share (closed ones too), IDs nobody created, their own user
    /// ID, and someone else's, each without a visibility filter and with each of the two values; and the
    /// children of each parent.
    /// </summary>
    private static IEnumerable<SearchCase> Searches(RandomWorld world, Random random)
    {
        var profiles = world.Profiles.Values.Select(p => (p.SearchFilter, p.Id))
            .Append(("org_id", Ids.Next())).Append(("workspace_id", Ids.Next())).Append(("share_id", Ids.Next()))
            .ToList();
        foreach (var user in world.Users)
        {
            foreach (var visibility in VisibilityFilters)
            {
                foreach (var (filter, id) in profiles)
                {
                    yield return new SearchCase(user, filter, id, visibility);
                }

                yield return new SearchCase(user, "user_id", user, visibility);
            }

            var other = world.Users[random.Next(world.Users.Count)];
            if (other != user)
            {
                yield return new SearchCase(user, "user_id", other, null);
            }

            foreach (var parent in world.Parents)
            {
                yield return new SearchCase(user, "parent_event_id", parent.EventId, null);
            }
        }
    }

    private async Task CheckSearchAsync(RandomWorld world, PermissionOracle oracle, SearchCase search, Tally tally)
    {
        var parent = search.Filter == "parent_event_id"
            ? world.Parents.First(p => p.EventId == search.ProfileId)
            : null;
        var ownSearch = search.Filter == "user_id";
        var allowed = parent is not null ? oracle.CanSearchChildren(search.User, parent)
            : ownSearch ? search.ProfileId == search.User
            : oracle.CanSearch(search.User, search.ProfileId);
        var candidates = world.Events.Where(e => parent is not null ? e.ParentEventId == parent.EventId
            : ownSearch ? e.Involves(search.ProfileId)
            : e.Names(search.ProfileId)).ToList();
        var answer = await SearchAllPagesAsync(search, tally);
        if (!allowed)
        {
            tally.Check(answer.Status == 403 && answer.ErrorCode == "APP_DENIED",
                () => $"{search}: expected 403 APP_DENIED, got {answer.Status} {answer.ErrorCode}");
            return;
        }

        if (answer.Status != 200)
        {
            tally.Check(false, () => $"{search}: expected 200, got {answer.Status} {answer.ErrorCode}");
            return;
        }

        var returned = answer.EventIds.ToHashSet(StringComparer.Ordinal);
        tally.Check(returned.Count == answer.EventIds.Count, () => $"{search}: an event came back twice across pages");
        foreach (var e in candidates)
        {
            var expected = parent is not null ? oracle.VisibleAmongChildren(search.User, parent, e)
                : ownSearch ? PermissionOracle.VisibleInOwnSearch(search.User, search.Visibility, e)
                : oracle.VisibleInProfileSearch(search.User, search.ProfileId, search.Visibility, e);
            var shown = returned.Remove(e.EventId);
            tally.CountShown(expected);
            tally.Check(shown == expected,
                () => $"{search}: {(expected ? "missing" : "unexpected")} {Describe(e, search.User, world)}");
        }

        tally.Check(returned.Count == 0,
            () => $"{search}: {returned.Count} events outside what was searched, e.g. {returned.First()}");
    }

    private async Task<SearchAnswer> SearchAllPagesAsync(SearchCase search, Tally tally)
    {
        var ids = new List<string>();
        var visibility = search.Visibility is { } v ? "&visibility=" + CatalogSample.ApiValue(v) : string.Empty;
        for (var page = 0; page < MaxPages; page++)
        {
            var (status, body) = await stack.GetAsync(
                $"/current/events/search/?{search.Filter}={search.ProfileId}{visibility}"
                + $"&limit={PageSize}&offset={page * PageSize}", Tokens.User(search.User));
            tally.CountPage(page);
            if (status != 200)
            {
                return new SearchAnswer(status, body["error"]?["error_code"]?.GetValue<string>(), ids);
            }

            var events = body["response"]!["events"]!.AsArray();
            ids.AddRange(events.Select(e => e!["event_id"]!.GetValue<string>()));
            if (events.Count < PageSize)
            {
                break;
            }
        }

        return new SearchAnswer(200, null, ids);
    }

    private async Task CheckAccessAsync(
        string endpoint, string user, ModelEvent e, ExpectedAnswer expected, Tally tally)
    {
        var (status, body) = await stack.GetAsync($"/current/event/{e.EventId}/{endpoint}/", Tokens.User(user));

        var errorCode = body["error"]?["error_code"]?.GetValue<string>();
        tally.CountShown(expected.Status == 200);
        var answered = endpoint == "details" && status == 200
            ? body["response"]?["event"]?["event_id"]?.GetValue<string>() == e.EventId
            : status == 200 ? body["result"]?.GetValue<string>() == "yes" : errorCode == expected.ErrorCode;
        tally.Check(status == expected.Status && answered,
            () => $"{endpoint} by {user}: expected {expected.Status} {expected.ErrorCode}, got {status} {errorCode}"
                + $" for {e.Name} {e.EventId} ({e.Visibility}, {e.Permission}, caller {e.CallingUserId}, "
                + $"target {e.TargetUserId ?? "none"}, in {e.HoldingProfileId ?? "a user's log"})");
    }

    private static string Describe(ModelEvent e, string user, RandomWorld world)
    {
        var holding = e.HoldingProfileId is { } id ? world.Profiles[id] : null;
        return $"{e.Name} {e.EventId} ({e.Visibility}, {e.Permission}, caller {e.CallingUserId}, "
            + $"target {e.TargetUserId ?? "none"}, held by {holding?.Kind.ToString() ?? "user"} {holding?.Id}"
            + $"{(holding?.Closed == true ? " (closed)" : string.Empty)}, searcher's row there "
            + $"{holding?.DirectRole(user) ?? ModelRole.None})";
    }

    private sealed record SearchCase(string User, string Filter, string ProfileId, ModelVisibility? Visibility)
    {
        public override string ToString() =>
            $"user {User} searching {Filter}={ProfileId} visibility={Visibility?.ToString() ?? "default"}";
    }

    private sealed record SearchAnswer(int Status, string? ErrorCode, List<string> EventIds);

    /// <summary>Counts shared by the parallel checks.</summary>
    private sealed class Tally
    {
        private int _checks;
        private int _searches;
        private int _pages;
        private int _multiPage;
        private int _shown;

        public int Checks => _checks;

        public int Searches => _searches;

        public int Pages => _pages;

        public int MultiPageSearches => _multiPage;

        /// <summary>Checks whose expected answer was to show or grant the event, so a vacuous run is visible.</summary>
        public int Shown => _shown;

        public ConcurrentQueue<string> Mismatches { get; } = new();

        public void Check(bool holds, Func<string> describe)
        {
            Interlocked.Increment(ref _checks);
            if (!holds)
            {
                Mismatches.Enqueue(describe());
            }
        }

        public void CountShown(bool shown)
        {
            if (shown)
            {
                Interlocked.Increment(ref _shown);
            }
        }

        public void CountPage(int page)
        {
            Interlocked.Increment(ref _pages);
            if (page == 0)
            {
                Interlocked.Increment(ref _searches);
            }
            else if (page == 1)
            {
                Interlocked.Increment(ref _multiPage);
            }
        }

        public string Report() => $"{Mismatches.Count} of {Checks} checks failed; first ones:\n"
            + string.Join('\n', Mismatches.Take(MaxReported));
    }
}
