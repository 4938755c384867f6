using System.Globalization;
using System.Text.Json;
using FastIo.Orleans.Replay.Http;
using FastIo.Orleans.Replay.Mapping;

namespace FastIo.Orleans.LoadTest;

/// <summary>
/// What one run works on: a fresh user, one org they created and the workspaces they created in it (so the
/// user is owner of all), each with the activity cursor it had before any load, so no client starts late.
/// IDs derive from a random run tag: every run has its own profiles and idempotency keys.
/// </summary>
public sealed class Population
{
    private Population(string run, string userId, string orgId, string[] workspaces)
    {
        Run = run;
        UserId = userId;
        OrgId = orgId;
        Workspaces = workspaces;
        StartCursors = new string?[workspaces.Length];
    }

    public string Run { get; }

    public string UserId { get; }

    public string OrgId { get; }

    public IReadOnlyList<string> Workspaces { get; }

    public string?[] StartCursors { get; }

    public static Population New(int profiles)
    {
        var run = Random.Shared.Next(0x100000, 0xFFFFFF).ToString("x6", CultureInfo.InvariantCulture);
        return new Population(run, DerivedIds.From("load", run, "user"), DerivedIds.From("load", run, "org"),
            [.. Enumerable.Range(0, profiles).Select(n => DerivedIds.From("load", run, "workspace", $"{n}"))]);
    }

    public async Task CreateAsync(IngestClient ingest, CancellationToken cancellation)
    {
        await ingest.SendAsync([Created("user_created", userId: UserId), Created("org_created")], cancellation);
        foreach (var chunk in Workspaces.Chunk(IngestClient.MaxBatch))
        {
            await ingest.SendAsync(
                [.. chunk.Select(id => Created("workspace_created", workspaceId: id))], cancellation);
        }
    }

    /// <summary>Asks each workspace for its cursor now (an answer without waiting), before any load event.</summary>
    public async Task ReadStartCursorsAsync(ApiClient api, string userToken, CancellationToken cancellation)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, Workspaces.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellation },
            async (n, ct) =>
            {
                var answer = await api.SendAsync<JsonElement>(() => ApiClient.Authorized(HttpMethod.Get,
                    $"current/activity/poll/{Workspaces[n]}/?wait=0&updated", userToken), ct);
                StartCursors[n] = answer.TryGetProperty("lastactivity", out var cursor) ? cursor.GetString() : null;
            });
    }

    private ProductEvent Created(string name, string? userId = null, string? workspaceId = null) => new()
    {
        Event = name,
        CallingUserId = UserId,
        CallingUserName = "Load Tester",
        UserId = userId,
        OrgId = name == "user_created" ? null : OrgId,
        WorkspaceId = workspaceId,
        OccurredAt = DateTimeOffset.UtcNow,
        IdempotencyKey = $"load-{Run}-{name}-{workspaceId ?? userId ?? OrgId}",
        Details = new Dictionary<string, object> { ["name"] = $"load {Run} {name}" },
    };
}
