using FastIo.Orleans.Profiles;
using FastIo.Orleans.Search;

namespace FastIo.Orleans.Gateway.Auth;

/// <summary>
/// The entities an OAuth scoped token may reach: space-separated entries such as <c>org:{id}:r</c>,
/// <c>workspace:{id}:rw</c>, <c>all_orgs</c> or <c>user</c>. Entries are compared whole, never as substrings.
/// </summary>
public sealed class OAuthScope
{
    private readonly HashSet<string> _profiles = new(StringComparer.Ordinal);
    private readonly HashSet<ProfileKind> _allOfKind = [];

    public bool IncludesOwnUser { get; private set; }

    public static bool TryParse(string value, out OAuthScope scope)
    {
        scope = new OAuthScope();
        var entries = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (entries.Length == 0)
        {
            return false;
        }

        foreach (var entry in entries)
        {
            if (!scope.TryAdd(entry))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the scope names this profile, or all profiles of its kind.</summary>
    public bool Allows(ProfileKind kind, string profileId) =>
        _allOfKind.Contains(kind) || _profiles.Contains(Key(kind, profileId));

    /// <summary>The scope as search sees it, so results are limited inside the query.</summary>
    public TokenScope ToSearchScope() => new()
    {
        AllOrgs = _allOfKind.Contains(ProfileKind.Org),
        AllWorkspaces = _allOfKind.Contains(ProfileKind.Workspace),
        AllShares = _allOfKind.Contains(ProfileKind.Share),
        OwnUser = IncludesOwnUser,
        OrgIds = TokenScope.Join(IdsOf(ProfileKind.Org)),
        WorkspaceIds = TokenScope.Join(IdsOf(ProfileKind.Workspace)),
        ShareIds = TokenScope.Join(IdsOf(ProfileKind.Share)),
    };

    /// <summary>Whether an event is in scope: judged by its most specific profile, as search judges it.</summary>
    public bool AllowsEvent(string? orgId, string? workspaceId, string? shareId) =>
        shareId is not null ? Allows(ProfileKind.Share, shareId)
        : workspaceId is not null ? Allows(ProfileKind.Workspace, workspaceId)
        : orgId is not null ? Allows(ProfileKind.Org, orgId)
        : IncludesOwnUser;

    private IEnumerable<string> IdsOf(ProfileKind kind)
    {
        var prefix = $"{(int)kind}:";
        return _profiles.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).Select(p => p[prefix.Length..]);
    }

    private bool TryAdd(string entry)
    {
        switch (entry)
        {
            case "user":
                IncludesOwnUser = true;
                return true;
            case "all_orgs":
                _allOfKind.Add(ProfileKind.Org);
                return true;
            case "all_workspaces":
                _allOfKind.Add(ProfileKind.Workspace);
                return true;
            case "all_shares":
                _allOfKind.Add(ProfileKind.Share);
                return true;
        }

        var parts = entry.Split(':');
        if (parts.Length != 3 || !ProfileIds.IsValid(parts[1]) || parts[2] is not ("r" or "rw"))
        {
            return false;
        }

        var kind = parts[0] switch
        {
            "org" => ProfileKind.Org,
            "workspace" => ProfileKind.Workspace,
            "share" => ProfileKind.Share,
            _ => ProfileKind.Unknown,
        };
        if (kind == ProfileKind.Unknown)
        {
            return false;
        }

        _profiles.Add(Key(kind, parts[1]));
        return true;
    }

    private static string Key(ProfileKind kind, string profileId) => $"{(int)kind}:{profileId}";
}
