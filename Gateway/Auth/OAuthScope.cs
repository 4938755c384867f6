using FastIo.Orleans.Profiles;

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
