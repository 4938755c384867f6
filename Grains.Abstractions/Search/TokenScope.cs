namespace FastIo.Orleans.Search;

/// <summary>
/// The entities an OAuth scoped token reaches. An event belongs to its most specific profile (share, else
/// workspace, else org, else the user it concerns) and is in scope when that profile is. IDs are kept as
/// sorted, space-joined strings so two equal scopes compare equal (search caches key on them).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TokenScope
{
    [Id(0)] public bool AllOrgs { get; init; }
    [Id(1)] public bool AllWorkspaces { get; init; }
    [Id(2)] public bool AllShares { get; init; }
    [Id(3)] public bool OwnUser { get; init; }
    [Id(4)] public string OrgIds { get; init; } = string.Empty;
    [Id(5)] public string WorkspaceIds { get; init; } = string.Empty;
    [Id(6)] public string ShareIds { get; init; } = string.Empty;

    public static string Join(IEnumerable<string> ids) => string.Join(' ', ids.Order(StringComparer.Ordinal));

    public static string[] Split(string ids) => ids.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
