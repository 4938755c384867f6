namespace FastIo.Orleans.Replay.Activity;

/// <summary>
/// One GH Archive event, reduced to the fields the mapping reads. The file reader and the synthetic
/// generator both produce this shape, so every mapping rule sees the same input whatever the source.
/// </summary>
public sealed record GhEvent(
    string Id,
    string Type,
    DateTimeOffset CreatedAt,
    GhAccount Actor,
    GhAccount Repo,
    GhAccount? Org,
    GhPayload Payload);

/// <summary>An actor, repository, organisation or member: a 20-digit pseudonym and its name.</summary>
public sealed record GhAccount(string Id, string Name);

/// <summary>A wiki page touched by a GollumEvent.</summary>
public sealed record GhPage(string Name, string Action);

/// <summary>
/// The payload fields of every event type in one flat record; a field a type does not carry stays null
/// (or empty for lists).
/// </summary>
public sealed record GhPayload
{
    public string? Action { get; init; }

    public string? RefType { get; init; }

    public string? Ref { get; init; }

    public IReadOnlyList<string> CommitShas { get; init; } = [];

    public IReadOnlyList<GhPage> Pages { get; init; } = [];

    public string? IssueId { get; init; }

    public string? PullRequestId { get; init; }

    public int? Number { get; init; }

    public bool? Merged { get; init; }

    public string? CommentId { get; init; }

    public int? CommentLength { get; init; }

    public string? CommentPath { get; init; }

    public GhAccount? Member { get; init; }

    public GhAccount? Forkee { get; init; }

    public string? ReleaseId { get; init; }

    public int? ReleaseAssets { get; init; }
}
