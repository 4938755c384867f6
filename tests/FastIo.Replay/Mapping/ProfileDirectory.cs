using FastIo.Orleans.Replay.Activity;

namespace FastIo.Orleans.Replay.Mapping;

/// <summary>
/// The users, orgs and workspaces an hour of activity implies, with who belongs where. Built in one pass
/// over the events; everything is ordered by first appearance so the same input gives the same directory.
/// </summary>
public sealed class ProfileDirectory
{
    private readonly Dictionary<string, UserProfile> _usersById;
    private readonly Dictionary<string, WorkspaceProfile> _workspacesById;

    private ProfileDirectory(
        IReadOnlyList<UserProfile> users,
        IReadOnlyList<OrgProfile> orgs,
        IReadOnlyList<WorkspaceProfile> workspaces,
        DateTimeOffset hourStart,
        int sourceEventCount)
    {
        Users = users;
        Orgs = orgs;
        Workspaces = workspaces;
        HourStart = hourStart;
        SourceEventCount = sourceEventCount;
        _usersById = users.ToDictionary(user => user.Id);
        _workspacesById = workspaces.ToDictionary(workspace => workspace.Id);
    }

    public IReadOnlyList<UserProfile> Users { get; }

    public IReadOnlyList<OrgProfile> Orgs { get; }

    public IReadOnlyList<WorkspaceProfile> Workspaces { get; }

    /// <summary>The earliest event time; pacing measures offsets from here.</summary>
    public DateTimeOffset HourStart { get; }

    public int SourceEventCount { get; }

    public UserProfile User(string id) => _usersById[id];

    public WorkspaceProfile Workspace(string repoId) => _workspacesById[repoId];

    public static ProfileDirectory Build(IEnumerable<GhEvent> events)
    {
        var users = new Dictionary<string, UserProfile>();
        var userOrder = new List<UserProfile>();
        var repos = new Dictionary<string, RepoDraft>();
        var orgNames = new Dictionary<string, string>();
        var hourStart = DateTimeOffset.MaxValue;
        var sequence = 0;

        foreach (var gh in events)
        {
            hourStart = gh.CreatedAt < hourStart ? gh.CreatedAt : hourStart;
            var actor = AddUser(users, userOrder, gh.Actor, gh.CreatedAt);
            if (gh.Payload.Member is { } member)
            {
                AddUser(users, userOrder, member, gh.CreatedAt);
            }

            if (!repos.TryGetValue(gh.Repo.Id, out var repo))
            {
                repo = new RepoDraft(gh.Repo.Name, sequence);
                repos.Add(gh.Repo.Id, repo);
            }

            // A repository that shows up without its org first still belongs to the org named later.
            if (gh.Org is { } org)
            {
                repo.OrgId ??= org.Id;
                orgNames.TryAdd(org.Id, org.Name);
            }

            repo.AddMember(actor, sequence, gh.CreatedAt);
            sequence++;
        }

        var orgs = BuildOrgs(repos, orgNames);
        var workspaces = repos.OrderBy(pair => pair.Value.Sequence)
            .Select(pair => pair.Value.ToWorkspace(pair.Key))
            .ToList();

        return new ProfileDirectory(userOrder, orgs, workspaces, hourStart, sequence);
    }

    private static UserProfile AddUser(
        Dictionary<string, UserProfile> users,
        List<UserProfile> order,
        GhAccount account,
        DateTimeOffset seen)
    {
        if (users.TryGetValue(account.Id, out var known))
        {
            return known;
        }

        var user = new UserProfile(account.Id, account.Name, seen);
        users.Add(account.Id, user);
        order.Add(user);
        return user;
    }

    private static List<OrgProfile> BuildOrgs(
        Dictionary<string, RepoDraft> repos,
        Dictionary<string, string> orgNames)
    {
        // An org's members are everyone active in any of its repositories, first activity first.
        var members = new Dictionary<string, Dictionary<string, RepoMember>>();
        foreach (var repo in repos.Values.Where(repo => repo.OrgId is not null))
        {
            if (!members.TryGetValue(repo.OrgId!, out var orgMembers))
            {
                orgMembers = [];
                members.Add(repo.OrgId!, orgMembers);
            }

            foreach (var member in repo.Members)
            {
                if (!orgMembers.TryGetValue(member.User.Id, out var earlier) || member.Sequence < earlier.Sequence)
                {
                    orgMembers[member.User.Id] = member;
                }
            }
        }

        return members
            .Select(pair => (Id: pair.Key, Ordered: pair.Value.Values.OrderBy(m => m.Sequence).ToList()))
            .OrderBy(org => org.Ordered[0].Sequence)
            .Select(org => new OrgProfile(
                org.Id,
                orgNames[org.Id],
                org.Ordered[0].Since,
                ToMemberships(org.Ordered)))
            .ToList();
    }

    private static List<Membership> ToMemberships(IEnumerable<RepoMember> ordered) =>
        ordered.Select((m, index) => new Membership(m.User, index == 0 ? Roles.Owner : Roles.Member, m.Since))
            .ToList();

    private sealed record RepoMember(UserProfile User, int Sequence, DateTimeOffset Since);

    private sealed class RepoDraft(string name, int sequence)
    {
        private readonly List<RepoMember> _members = [];
        private readonly HashSet<string> _memberIds = [];

        public string Name { get; } = name;

        public int Sequence { get; } = sequence;

        public string? OrgId { get; set; }

        public IReadOnlyList<RepoMember> Members => _members;

        public void AddMember(UserProfile user, int seq, DateTimeOffset since)
        {
            if (_memberIds.Add(user.Id))
            {
                _members.Add(new RepoMember(user, seq, since));
            }
        }

        public WorkspaceProfile ToWorkspace(string id) =>
            new(id, Name, OrgId, _members[0].Since, ToMemberships(_members));
    }
}
