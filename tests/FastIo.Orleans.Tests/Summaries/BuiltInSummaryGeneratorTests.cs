using FastIo.Orleans.Gateway.Summaries;
using static FastIo.Orleans.Tests.Summaries.SummaryFixtures;

namespace FastIo.Orleans.Tests.Summaries;

public sealed class BuiltInSummaryGeneratorTests
{
    [Fact]
    public void BuiltIn_HandCountedHour_WritesOverviewWhoDidWhatAndTally()
    {
        var input = SummaryInput.Create(Hour(), "", Workspace, WorkspaceNames);

        var text = BuiltInSummaryGenerator.Write(input);

        Assert.Equal(
            $"8 events between 12:00 and 12:07 UTC on 2025-01-01 by 3 people in @[workspace:{Workspace}:Engineering]. "
            + $"@[user:{Alice}:Alice] updated 2 files: @[file:node_f1:report.pdf] and @[file:node_f2:notes.md]. "
            + $"@[user:{Bob}:Bob] started an AI chat. "
            + $"@[user:{Carol}:Carol] added @[user:{Dave}:Dave] as a workspace member. "
            + "Other activity: 1 comment written, 1 file added, 1 folder created and 1 task opened.", text);
    }

    [Fact]
    public void BuiltIn_AnyInput_WritesOnlyPillsOfTheEvents()
    {
        var input = SummaryInput.Create(Hour(), "", Workspace, WorkspaceNames);

        var result = PillSanitizer.Sanitize(BuiltInSummaryGenerator.Write(input), input.Mentions);

        Assert.Equal((7, 0, 0), (result.Kept, result.Repaired, result.Removed));
    }

    [Fact]
    public void BuiltIn_FocusOnUploads_TellsTheUploadFirst()
    {
        var input = SummaryInput.Create(Hour(), "Focus on uploads", Workspace, WorkspaceNames);

        var text = BuiltInSummaryGenerator.Write(input);

        Assert.Contains($"Engineering]. @[user:{Alice}:Alice] added @[file:node_f1:report.pdf]. ", text);
        Assert.Contains("2 files updated", text);
    }

    [Fact]
    public void BuiltIn_FocusNothingMatches_SaysSo()
    {
        var text = BuiltInSummaryGenerator.Write(SummaryInput.Create(Hour(), "invoices please", Workspace));

        Assert.Contains("None of these events match the focus asked for.", text);
    }

    [Fact]
    public void BuiltIn_SameFileUpdatedThrice_IsOneFileThreeTimes()
    {
        var events = Enumerable.Range(0, 3).Select(i => View($"u{i}", $"10:0{i}:00",
            "workspace_storage_file_updated", "workspace", "storage", Alice, "Alice", objectId: "node_f1",
            details: new { filename = "report.pdf" })).Reverse().ToList();

        var text = BuiltInSummaryGenerator.Write(SummaryInput.Create(events, ""));

        Assert.Contains($"@[user:{Alice}:Alice] updated @[file:node_f1:report.pdf] 3 times.", text);
    }

    [Fact]
    public void BuiltIn_OrgEventsBesideOneWorkspace_SaysHowManyWereInIt()
    {
        var events = new[]
        {
            View("c", "10:02:00", "removed_member_from_org", "org", "members", Carol, "Carol", userId: Dave,
                workspaceId: null, details: new { member_name = "Dave" }),
            View("b", "10:01:00", "added_member_to_org", "org", "members", Carol, "Carol", userId: Dave,
                workspaceId: null, details: new { member_name = "Dave" }),
            View("a", "10:00:00", "workspace_created", "workspace", "lifecycle", Alice, "Alice",
                details: new { name = "Engineering" }),
        };

        var text = BuiltInSummaryGenerator.Write(SummaryInput.Create(events, "", Org));

        Assert.Equal("3 events between 10:00 and 10:02 UTC on 2025-01-01 by 2 people, 1 of them in "
            + $"@[workspace:{Workspace}:Engineering]. @[user:{Alice}:Alice] created a workspace. "
            + $"@[user:{Carol}:Carol] added @[user:{Dave}:Dave] as an org member. "
            + $"@[user:{Carol}:Carol] removed @[user:{Dave}:Dave] as an org member.", text);
    }

    [Fact]
    public void BuiltIn_SeveralWorkspaces_SaysWhereEachThingHappened()
    {
        const string Other = "22222222222222222223";
        var events = new[]
        {
            View("b", "10:01:00", "workspace_created", "workspace", "lifecycle", Bob, "Bob", workspaceId: Other,
                details: new { name = "Design" }),
            View("a", "10:00:00", "workspace_created", "workspace", "lifecycle", Alice, "Alice",
                details: new { name = "Engineering" }),
        };

        var text = BuiltInSummaryGenerator.Write(SummaryInput.Create(events, "", Org));

        Assert.StartsWith("2 events between 10:00 and 10:01 UTC on 2025-01-01 by 2 people across 2 workspaces.", text);
        Assert.Contains($"@[user:{Alice}:Alice] created a workspace in @[workspace:{Workspace}:Engineering].", text);
        Assert.Contains($"@[user:{Bob}:Bob] created a workspace in @[workspace:{Other}:Design].", text);
    }
}
