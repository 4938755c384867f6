using FastIo.Orleans.Replay.Mapping;

namespace FastIo.Orleans.Replay.Activity;

/// <summary>
/// Fills in a synthetic event's payload for its type: commit and page counts from the hour's tables, and
/// issues, pull requests, refs and pages drawn from a few per repository so threads and folders recur.
/// </summary>
internal sealed class SyntheticPayloads(string run, SyntheticActivity names)
{
    private static readonly string[] Extensions = ["py", "js", "cpp", "php", "rb", "scala", "xml", "md"];

    public GhPayload Make(string type, string? variant, int index, SyntheticRepo repo, Random random,
        GenerationState state)
    {
        string Hex(string part) => DerivedIds.Tag(run, $"{index}", part) + DerivedIds.Tag(run, part, $"{index}");
        string Node(string kind) => DerivedIds.From(run, repo.Account.Id, kind, $"{random.Next(1 + repo.Size / 3)}");
        int Length() => HourShape.CommentLength.Draw(random) + random.Next(10);
        string Path() =>
            $"file-{DerivedIds.Tag(run, $"{index}", "path")}.{Extensions[random.Next(Extensions.Length)]}";
        string Ref() => $"{variant}-{DerivedIds.Tag(run, repo.Account.Id, $"{random.Next(4)}")}";

        return type switch
        {
            GhEventTypes.Push => new GhPayload
            {
                Ref = "refs/heads/main",
                CommitShas = Enumerable.Range(0, HourShape.CommitsPerPush.Draw(random))
                    .Select(commit => Hex($"commit{commit}"))
                    .ToList(),
            },
            GhEventTypes.Create or GhEventTypes.Delete => new GhPayload
            {
                RefType = variant,
                Ref = variant == "repository" ? null : Ref(),
            },
            GhEventTypes.IssueComment => new GhPayload
            {
                Action = variant, IssueId = Node("issue"), CommentId = DerivedIds.From(run, "comment", $"{index}"),
                CommentLength = Length(),
            },
            GhEventTypes.PullRequestReviewComment => new GhPayload
            {
                Action = variant, PullRequestId = Node("pull"),
                CommentId = DerivedIds.From(run, "comment", $"{index}"), CommentLength = Length(),
                CommentPath = Path(),
            },
            GhEventTypes.CommitComment => new GhPayload
            {
                CommentId = DerivedIds.From(run, "comment", $"{index}"), CommentLength = Length(),
                CommentPath = random.NextDouble() < HourShape.CommitCommentOnFile ? Path() : null,
            },
            GhEventTypes.Issues => new GhPayload
            {
                Action = variant, IssueId = Node("issue"), Number = 1 + random.Next(500),
            },
            GhEventTypes.PullRequest => new GhPayload
            {
                Action = variant, PullRequestId = Node("pull"), Number = 1 + random.Next(500),
                Merged = variant == "closed" ? random.NextDouble() < HourShape.MergedWhenClosed : false,
            },
            GhEventTypes.Fork => new GhPayload { Forkee = names.NewAccount("repo", -1 - index) },
            GhEventTypes.Gollum => new GhPayload
            {
                Pages = Enumerable.Range(0, HourShape.PagesPerWikiEdit.Draw(random))
                    .Select(page => new GhPage(
                        $"page-{DerivedIds.Tag(run, repo.Account.Id, $"{random.Next(8)}")}",
                        random.NextDouble() < HourShape.WikiPageCreated ? "created" : "edited"))
                    .ToList(),
            },
            GhEventTypes.Release => new GhPayload
            {
                Action = variant, ReleaseId = DerivedIds.From(run, "release", $"{index}"),
                ReleaseAssets = random.NextDouble() < HourShape.ReleaseWithAsset ? 1 : 0,
            },
            GhEventTypes.Member => new GhPayload { Action = variant, Member = state.AnyActor(random, names) },
            _ => new GhPayload { Action = variant },
        };
    }
}
