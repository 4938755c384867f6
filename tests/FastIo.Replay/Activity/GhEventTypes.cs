namespace FastIo.Orleans.Replay.Activity;

/// <summary>The GH Archive event type names the hour contains.</summary>
public static class GhEventTypes
{
    public const string Push = "PushEvent";
    public const string Watch = "WatchEvent";
    public const string Create = "CreateEvent";
    public const string IssueComment = "IssueCommentEvent";
    public const string PullRequest = "PullRequestEvent";
    public const string Issues = "IssuesEvent";
    public const string Fork = "ForkEvent";
    public const string Delete = "DeleteEvent";
    public const string Gollum = "GollumEvent";
    public const string PullRequestReviewComment = "PullRequestReviewCommentEvent";
    public const string CommitComment = "CommitCommentEvent";
    public const string Release = "ReleaseEvent";
    public const string Member = "MemberEvent";
    public const string Public = "PublicEvent";
}
