namespace FastIo.Orleans.Replay.Activity;

/// <summary>
/// The shape of the real hour (GH Archive 2015-01-01 12:00 UTC), measured once from the data file and kept
/// here as small tables so the synthetic generator works without the file. Counts are the hour's own.
/// </summary>
public static class HourShape
{
    public const int EventCount = 8_273;

    /// <summary>Event types with their action or ref type, and how often each occurred.</summary>
    public static readonly WeightedTable<(string Type, string? Variant)> TypeMix = new(
    [
        ((GhEventTypes.Push, null), 4284),
        ((GhEventTypes.Watch, "started"), 994),
        ((GhEventTypes.IssueComment, "created"), 574),
        ((GhEventTypes.Create, "branch"), 444),
        ((GhEventTypes.Create, "repository"), 393),
        ((GhEventTypes.Fork, null), 285),
        ((GhEventTypes.Issues, "opened"), 236),
        ((GhEventTypes.PullRequest, "opened"), 189),
        ((GhEventTypes.PullRequest, "closed"), 174),
        ((GhEventTypes.Create, "tag"), 144),
        ((GhEventTypes.Gollum, null), 123),
        ((GhEventTypes.Issues, "closed"), 119),
        ((GhEventTypes.Delete, "branch"), 105),
        ((GhEventTypes.Delete, "tag"), 51),
        ((GhEventTypes.PullRequestReviewComment, "created"), 50),
        ((GhEventTypes.CommitComment, null), 41),
        ((GhEventTypes.Release, "published"), 30),
        ((GhEventTypes.Member, "added"), 17),
        ((GhEventTypes.Public, null), 10),
        ((GhEventTypes.Issues, "reopened"), 6),
        ((GhEventTypes.PullRequest, "reopened"), 4),
    ]);

    /// <summary>
    /// How many repositories had a given number of events: the skew from one busy repository to thousands of
    /// quiet ones.
    /// </summary>
    public static readonly WeightedTable<int> EventsPerRepo = new(
    [
        (1, 3000), (2, 797), (3, 338), (4, 153), (5, 90), (6, 69), (7, 28), (8, 26), (9, 9), (10, 8), (11, 6),
        (12, 5), (13, 5), (14, 2), (16, 2), (21, 2), (22, 1), (24, 1), (29, 1), (30, 2), (49, 1), (67, 1), (80, 1),
    ]);

    /// <summary>Commits listed per push (GH Archive lists at most 20).</summary>
    public static readonly WeightedTable<int> CommitsPerPush = new(
    [
        (0, 20), (1, 3411), (2, 413), (3, 166), (4, 60), (5, 28), (6, 37), (7, 16), (8, 17), (9, 6), (10, 10),
        (11, 9), (12, 4), (13, 1), (14, 7), (15, 6), (16, 3), (17, 3), (18, 3), (19, 3), (20, 61),
    ]);

    public static readonly WeightedTable<int> PagesPerWikiEdit = new([(1, 122), (2, 1)]);

    /// <summary>Comment lengths at each decile of the hour's comments.</summary>
    public static readonly WeightedTable<int> CommentLength = new(
        [(2, 1), (16, 1), (38, 1), (59, 1), (84, 1), (121, 1), (164, 1), (223, 1), (371, 1), (479, 1)]);

    /// <summary>1,110 of 4,548 repositories belonged to an org.</summary>
    public const double RepoInOrg = 1_110 / 4_548.0;

    /// <summary>How many orgs had a given number of active repositories (861 orgs over 1,110 repositories).</summary>
    public static readonly WeightedTable<int> ReposPerOrg = new(
        [(1, 739), (2, 76), (3, 24), (4, 12), (5, 2), (6, 2), (7, 4), (17, 1), (32, 1)]);

    /// <summary>
    /// 4,889 distinct (actor, repository) pairs over 8,273 events in 4,548 repositories: after a repository's
    /// first event, a new actor appears in it only this often.
    /// </summary>
    public const double NewActorInRepo = (4_889 - 4_548) / (double)(8_273 - 4_548);

    /// <summary>3,886 actors over those 4,889 pairs: an actor new to a repository is usually new to the hour.</summary>
    public const double NewActorInHour = 3_886 / 4_889.0;

    public const double MergedWhenClosed = 150 / 174.0;

    public const double WikiPageCreated = 19 / 124.0;

    public const double ReleaseWithAsset = 6 / 30.0;

    public const double CommitCommentOnFile = 18 / 41.0;
}
