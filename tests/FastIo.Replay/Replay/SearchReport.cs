using System.Globalization;
using System.Text.Json;
using FastIo.Orleans.Replay.Http;
using FastIo.Orleans.Replay.Mapping;

namespace FastIo.Orleans.Replay.Replay;

/// <summary>
/// After a replay, runs the searches a real member would run and prints what came back, with the counts the
/// mapping predicts beside the server's. Returns false when the busiest workspace's total disagrees.
/// </summary>
public sealed class SearchReport(SearchClient search, TokenMinter tokens, TextWriter output)
{
    private const int NewestShown = 5;

    public async Task<bool> RunAsync(
        ProfileDirectory profiles, ActivityTally tally, CancellationToken cancellationToken)
    {
        if (tally.BusiestWorkspace is not { } busiest)
        {
            output.WriteLine("No workspace received events; nothing to search.");
            return true;
        }

        var workspace = profiles.Workspace(busiest.Id);
        var member = workspace.Owner;
        var token = tokens.UserToken(member.Id, member.Name);

        // Pinning the upper bound keeps offset pages stable while counting.
        var until = DateTime.UtcNow.AddMinutes(5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var inWorkspace = new Dictionary<string, string> { ["workspace_id"] = workspace.Id };

        output.WriteLine();
        output.WriteLine($"Searching as {member.Name} ({member.Id}), owner of the busiest workspace:");

        var newest = await search.SearchAsync(token, With(inWorkspace, ("limit", $"{NewestShown}")), cancellationToken);
        output.WriteLine($"  workspace {workspace.Name} ({workspace.Id}), newest {NewestShown}: {newest.Count} events");
        foreach (var found in newest)
        {
            output.WriteLine($"    {Field(found, "created")}  {Field(found, "event"),-36} " +
                $"by {Field(found, "calling_user_name")}  object {Field(found, "object_id")}");
        }

        var comments = await search.CountAsync(
            token, With(inWorkspace, ("subcategory", "comments"), ("created-max", until)), cancellationToken);
        output.WriteLine($"  its comments (subcategory=comments): {comments} " +
            $"(expected {tally.ForWorkspace(workspace.Id, CatalogNames.CommentCreated)})");

        await ReportOrgAsync(profiles, tally, until, cancellationToken);

        var own = await search.SearchAsync(token,
            new Dictionary<string, string> { ["user_id"] = member.Id, ["limit"] = $"{SearchClient.MaxLimit}" },
            cancellationToken);
        output.WriteLine($"  {member.Name}'s own events (user_id=self, first page): {own.Count}");

        var total = await search.CountAsync(token, With(inWorkspace, ("created-max", until)), cancellationToken);
        var expected = tally.ForWorkspace(workspace.Id);
        var verdict = total == expected ? "match" : "MISMATCH";
        output.WriteLine($"  busiest workspace total, paged by {SearchClient.MaxLimit}: server {total}, " +
            $"expected from the mapping {expected}: {verdict}");
        return total == expected;
    }

    private async Task ReportOrgAsync(ProfileDirectory profiles, ActivityTally tally, string until,
        CancellationToken cancellationToken)
    {
        if (tally.BusiestOrg is not { } busiest)
        {
            output.WriteLine("  no org received events");
            return;
        }

        // The org's owner searches it: an owner sees the org's admin-only events too.
        var org = profiles.Orgs.First(candidate => candidate.Id == busiest.Id);
        var token = tokens.UserToken(org.Owner.Id, org.Owner.Name);
        var count = await search.CountAsync(token,
            new Dictionary<string, string> { ["org_id"] = org.Id, ["created-max"] = until }, cancellationToken);
        output.WriteLine($"  org with most events, {org.Name} ({org.Id}), as its owner {org.Owner.Name}: {count} " +
            $"(expected {tally.ForOrg(org.Id)})");
    }

    private static Dictionary<string, string> With(Dictionary<string, string> query,
        params (string Name, string Value)[] more)
    {
        var combined = new Dictionary<string, string>(query);
        foreach (var (name, value) in more)
        {
            combined[name] = value;
        }

        return combined;
    }

    private static string Field(JsonElement found, string name) =>
        found.TryGetProperty(name, out var value) ? value.ToString() : "-";
}
