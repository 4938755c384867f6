using FastIo.Orleans.Tests.Infrastructure;

namespace FastIo.Orleans.Tests.Permissions;

/// <summary>
/// A random world recorded through the ingestion API, phase by phase: users; orgs, workspaces (in an org or
/// not) and shares; memberships with roles, then updates and removals; events of many catalog names; more
/// membership changes and events, some of them children of earlier events; finally a share deleted, a workspace
/// deleted and an org closed. Alongside, the test's own model of what the product should now hold.
/// </summary>
public sealed class RandomWorld
{
    private const int BatchSize = 500;
    private const double AncestorsNamedShare = 0.3;

    private readonly ProductStack _stack;
    private readonly Random _random;
    private readonly List<(Dictionary<string, object?> Item, Func<string, ModelEvent> ToEvent)> _pending = [];
    private readonly List<ModelProfile> _orgs = [];
    private readonly List<ModelProfile> _workspaces = [];
    private readonly List<ModelProfile> _shares = [];
    private readonly List<ModelEvent> _parents = [];

    private RandomWorld(ProductStack stack, Random random)
    {
        _stack = stack;
        _random = random;
    }

    public List<string> Users { get; } = [];

    public Dictionary<string, ModelProfile> Profiles { get; } = new(StringComparer.Ordinal);

    public List<ModelEvent> Events { get; } = [];

    /// <summary>Earlier events that later ones name as their parent: some in profiles, some in users' logs.</summary>
    public IReadOnlyList<ModelEvent> Parents => _parents;

    /// <summary>Builds the world; <paramref name="midway"/> runs once the first part of the events is in.</summary>
    public static async Task<RandomWorld> CreateAsync(
        ProductStack stack, int seed, Func<RandomWorld, Task>? midway = null)
    {
        var world = new RandomWorld(stack, new Random(seed));
        var eventCount = world._random.Next(700, 900);

        world.CreateUsers(world._random.Next(10, 21));
        await world.FlushAsync();

        // Each level goes in its own batch: the next level's creation events name profiles of this one.
        var leafOrg = world.CreateOrgs(world._random.Next(2, 4));
        await world.FlushAsync();
        var leafWorkspace = world.CreateWorkspaces(world._random.Next(3, 6), leafOrg);
        await world.FlushAsync();
        world.CreateShares(world._random.Next(4, 8), leafWorkspace);
        await world.FlushAsync();

        world.AddMembers(0.3);
        world.ChangeMembers(removal: 0.12, update: 0.15);
        await world.FlushAsync();

        world.AddEvents(eventCount * 3 / 5);
        await world.FlushAsync();
        if (midway is not null)
        {
            await midway(world);
        }

        world.ChooseParents(profileHeld: 16, userHeld: 8);
        world.AddMembers(0.08);
        world.ChangeMembers(removal: 0.1, update: 0.1);
        world.AddEvents(eventCount * 2 / 5);
        await world.FlushAsync();

        world.Close(world.Pick(world._shares));
        world.Close(leafWorkspace);
        world.Close(leafOrg);
        await world.FlushAsync();
        return world;
    }

    private void CreateUsers(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var user = Ids.Next();
            Users.Add(user);
            Record("user_created", user, null, user);
        }
    }

    /// <summary>Creates the orgs plus one more that stays empty of workspaces, to be closed at the end.</summary>
    private ModelProfile CreateOrgs(int count)
    {
        for (var i = 0; i <= count; i++)
        {
            var org = Create(new ModelProfile(Ids.Next(), ModelKind.Org, null, null), "org_created");
            _orgs.Add(org);
        }

        return _orgs[^1];
    }

    /// <summary>Creates workspaces, some in an org, plus one left without shares, to be deleted at the end.</summary>
    private ModelProfile CreateWorkspaces(int count, ModelProfile leafOrg)
    {
        var orgs = _orgs.Where(o => o != leafOrg).ToList();
        for (var i = 0; i <= count; i++)
        {
            var orgId = i == 0 || _random.NextDouble() < 0.6 ? Pick(orgs).Id : null;
            var workspace = new ModelProfile(Ids.Next(), ModelKind.Workspace, orgId, null);
            _workspaces.Add(Create(workspace, "workspace_created"));
        }

        return _workspaces[^1];
    }

    private void CreateShares(int count, ModelProfile leafWorkspace)
    {
        var workspaces = _workspaces.Where(w => w != leafWorkspace).ToList();
        for (var i = 0; i < count; i++)
        {
            var workspace = i == 0 ? workspaces[0] : Pick(workspaces);
            var share = new ModelProfile(Ids.Next(), ModelKind.Share, workspace.OrgId, workspace.Id);
            _shares.Add(Create(share, "share_created", new { name = "Share", multiplayer = _random.Next(2) == 0 }));
        }
    }

    private ModelProfile Create(ModelProfile profile, string name, object? details = null)
    {
        var creator = Pick(Users);
        Profiles.Add(profile.Id, profile);
        profile.Members[creator] = ModelRole.Owner;
        Record(name, creator, profile, null, details ?? new { name = "Profile " + profile.Id[^4..] });
        return profile;
    }

    private void AddMembers(double chance)
    {
        foreach (var profile in Profiles.Values.Where(p => !p.Closed))
        {
            foreach (var user in Users.Where(u => profile.DirectRole(u) == ModelRole.None))
            {
                if (_random.NextDouble() >= chance)
                {
                    continue;
                }

                var role = RandomRole();
                var details = role == ModelRole.Member && _random.Next(2) == 0
                    ? null
                    : new { role = CatalogSample.ApiValue(role) };
                Record("added_member_to_" + KindName(profile), Manager(profile), profile, user, details);
                profile.Members[user] = role;
            }
        }
    }

    private void ChangeMembers(double removal, double update)
    {
        foreach (var profile in Profiles.Values.Where(p => !p.Closed))
        {
            foreach (var (user, role) in profile.Members.ToList())
            {
                var roll = _random.NextDouble();
                if (roll < removal)
                {
                    Record("removed_member_from_" + KindName(profile), Manager(profile), profile, user);
                    profile.Members.Remove(user);
                }
                else if (roll < removal + update)
                {
                    var changed = RandomRole(except: role);
                    Record("membership_updated", Manager(profile), profile, user,
                        new { role = CatalogSample.ApiValue(changed) });
                    profile.Members[user] = changed;
                }
            }
        }
    }

    /// <summary>Random events of many catalog names; about half land in the first org's tree, so pages fill.</summary>
    private void AddEvents(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var roll = _random.NextDouble();
            var (name, context) = roll switch
            {
                < 0.22 => (Pick(CatalogSample.WorkspaceEvents), PickContext(_workspaces)),
                < 0.44 => (Pick(CatalogSample.ShareEvents), PickContext(_shares)),
                < 0.56 => (Pick(CatalogSample.OrgEvents), PickContext(_orgs)),
                < 0.80 => (Pick(CatalogSample.ContextEvents), PickContext([.. Profiles.Values])),
                < 0.90 => (Pick(CatalogSample.UserEvents), MaybeContext(0.4)),
                _ => (Pick(CatalogSample.AnyProfileEvents), MaybeContext(0.5)),
            };

            var caller = context is { Members.Count: > 0 } && _random.NextDouble() < 0.6
                ? Pick(context.Members.Keys.ToList())
                : Pick(Users);
            var targetChance = Array.IndexOf(CatalogSample.UserEvents, name) >= 0 ? 1.0
                : CatalogSample.IsTargeted(name) ? 0.85
                : 0.15;
            var target = _random.NextDouble() < targetChance ? Pick(Users) : null;
            ModelVisibility? visibility = _random.NextDouble() < 0.1 ? (ModelVisibility)_random.Next(3) : null;
            ModelPermission? permission = _random.NextDouble() < 0.1 ? (ModelPermission)_random.Next(3) : null;
            Record(name, caller, context, target, null, visibility, permission, ParentFor(context));
        }
    }

    private void ChooseParents(int profileHeld, int userHeld)
    {
        var inProfiles = Events.Where(e => e.HoldingProfileId is not null).ToList();
        var inUserLogs = Events.Where(e => e.HoldingProfileId is null).ToList();
        _parents.AddRange(Enumerable.Range(0, profileHeld).Select(_ => Pick(inProfiles)).Distinct());
        _parents.AddRange(Enumerable.Range(0, userHeld).Select(_ => Pick(inUserLogs)).Distinct());
    }

    /// <summary>
    /// Sometimes a parent for an event in this context: one held by the context or a profile above it, or one
    /// in a user's log, which may have children anywhere.
    /// </summary>
    private string? ParentFor(ModelProfile? context)
    {
        if (_parents.Count == 0 || _random.NextDouble() >= 0.3)
        {
            return null;
        }

        var fitting = _parents.Where(p => p.HoldingProfileId is not { } holding || (context is not null
            && (context.Id == holding || context.OrgId == holding || context.WorkspaceId == holding))).ToList();
        return fitting.Count == 0 ? null : Pick(fitting).EventId;
    }

    private void Close(ModelProfile profile)
    {
        var name = profile.Kind switch
        {
            ModelKind.Org => "org_closed",
            ModelKind.Workspace => "workspace_deleted",
            _ => "share_deleted",
        };
        Record(name, Manager(profile), profile, null);
        profile.Closed = true;
    }

    /// <summary>
    /// Queues one ingestion item and the model event it becomes. The most specific profile is always named;
    /// the ones above it sometimes, as producers may (creation events always name their parent).
    /// </summary>
    private void Record(
        string name, string caller, ModelProfile? context, string? target, object? details = null,
        ModelVisibility? visibility = null, ModelPermission? permission = null, string? parentEventId = null)
    {
        var orgId = context?.Kind == ModelKind.Org ? context.Id : context?.OrgId;
        var workspaceId = context?.Kind == ModelKind.Workspace ? context.Id : context?.WorkspaceId;
        var shareId = context?.Kind == ModelKind.Share ? context.Id : null;
        var creation = context is not null && name == KindName(context) + "_created";
        var ancestors = creation || _random.NextDouble() < AncestorsNamedShare;

        var item = World.Event(name, caller,
            org_id: context?.Kind == ModelKind.Org || ancestors ? orgId : null,
            workspace_id: context?.Kind == ModelKind.Workspace || ancestors ? workspaceId : null,
            share_id: shareId,
            user_id: target,
            details: details,
            parent_event_id: parentEventId);
        if (visibility is { } v)
        {
            item["visibility"] = CatalogSample.ApiValue(v);
        }

        if (permission is { } p)
        {
            item["permission"] = CatalogSample.ApiValue(p);
        }

        var levels = (visibility ?? CatalogSample.VisibilityOf(name), permission ?? CatalogSample.PermissionOf(name));
        _pending.Add((item, eventId => new ModelEvent(
            eventId, name, levels.Item1, levels.Item2, caller, target, orgId, workspaceId, shareId, parentEventId)));
    }

    private async Task FlushAsync()
    {
        foreach (var chunk in _pending.Chunk(BatchSize))
        {
            var ids = await _stack.IngestAsync([.. chunk.Select(p => p.Item)]);
            Events.AddRange(chunk.Zip(ids, (pending, id) => pending.ToEvent(id)));
        }

        _pending.Clear();
    }

    /// <summary>Someone who would manage the profile: a direct admin or owner when there is one.</summary>
    private string Manager(ModelProfile profile)
    {
        var managers = profile.Members.Where(m => m.Value >= ModelRole.Admin).Select(m => m.Key).ToList();
        return managers.Count > 0 && _random.NextDouble() < 0.8 ? Pick(managers) : Pick(Users);
    }

    private ModelRole RandomRole(ModelRole except = ModelRole.None)
    {
        while (true)
        {
            var roll = _random.NextDouble();
            var role = roll < 0.55 ? ModelRole.Member : roll < 0.85 ? ModelRole.Admin : ModelRole.Owner;
            if (role != except)
            {
                return role;
            }
        }
    }

    /// <summary>A profile of the list, weighted three to one towards the first org's tree.</summary>
    private ModelProfile PickContext(List<ModelProfile> candidates)
    {
        var first = _orgs[0].Id;
        var inFirst = candidates.Where(p => p.Id == first || p.OrgId == first).ToList();
        return inFirst.Count > 0 && _random.NextDouble() < 0.5 ? Pick(inFirst) : Pick(candidates);
    }

    private ModelProfile? MaybeContext(double chance) =>
        _random.NextDouble() < chance ? PickContext([.. Profiles.Values]) : null;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static string KindName(ModelProfile profile) => profile.Kind switch
    {
        ModelKind.Org => "org",
        ModelKind.Workspace => "workspace",
        _ => "share",
    };
}
