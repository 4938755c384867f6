using FastIo.Orleans.Replay.Mapping;

namespace FastIo.Orleans.Replay.Replay;

/// <summary>
/// Counts of the items a replay sends, computed from the mapping alone. They are what the server should
/// hold afterwards, so the search report compares the server's counts against them.
/// </summary>
public sealed class ActivityTally
{
    private readonly Dictionary<string, int> _byWorkspace = [];
    private readonly Dictionary<string, int> _byOrg = [];
    private readonly Dictionary<(string WorkspaceId, string Event), int> _byWorkspaceEvent = [];

    public int Items { get; private set; }

    public int Batches { get; private set; }

    public SortedDictionary<ReplayPhase, int> ByPhase { get; } = [];

    public Dictionary<string, int> ByEvent { get; } = [];

    public void Add(ActivityBatch batch)
    {
        Batches++;
        Items += batch.Events.Count;
        ByPhase[batch.Phase] = ByPhase.GetValueOrDefault(batch.Phase) + batch.Events.Count;

        foreach (var item in batch.Events)
        {
            ByEvent[item.Event] = ByEvent.GetValueOrDefault(item.Event) + 1;
            if (item.WorkspaceId is { } workspaceId)
            {
                _byWorkspace[workspaceId] = _byWorkspace.GetValueOrDefault(workspaceId) + 1;
                var key = (workspaceId, item.Event);
                _byWorkspaceEvent[key] = _byWorkspaceEvent.GetValueOrDefault(key) + 1;
            }

            if (item.OrgId is { } orgId)
            {
                _byOrg[orgId] = _byOrg.GetValueOrDefault(orgId) + 1;
            }
        }
    }

    /// <summary>The workspace with the most events; ties go to the smaller ID so the choice is stable.</summary>
    public (string Id, int Count)? BusiestWorkspace => Busiest(_byWorkspace);

    public (string Id, int Count)? BusiestOrg => Busiest(_byOrg);

    public int ForWorkspace(string workspaceId) => _byWorkspace.GetValueOrDefault(workspaceId);

    public int ForWorkspace(string workspaceId, string eventName) =>
        _byWorkspaceEvent.GetValueOrDefault((workspaceId, eventName));

    public int ForOrg(string orgId) => _byOrg.GetValueOrDefault(orgId);

    private static (string Id, int Count)? Busiest(Dictionary<string, int> counts) =>
        counts.Count == 0
            ? null
            : counts.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair => (pair.Key, pair.Value))
                .First();
}
