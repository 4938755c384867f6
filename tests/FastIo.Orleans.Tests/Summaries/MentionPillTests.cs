using FastIo.Orleans.Gateway.Summaries;
using static FastIo.Orleans.Tests.Summaries.SummaryFixtures;

namespace FastIo.Orleans.Tests.Summaries;

public sealed class MentionPillTests
{
    [Theory]
    [InlineData(MentionKind.User, "98765432109876543210", "Jane Smith", "@[user:98765432109876543210:Jane Smith]")]
    [InlineData(MentionKind.File, "node_abc123", "report.pdf", "@[file:node_abc123:report.pdf]")]
    [InlineData(MentionKind.Folder, "node_def456", "Projects", "@[folder:node_def456:Projects]")]
    [InlineData(MentionKind.Workspace, "12345678901234567890", "Engineering",
        "@[workspace:12345678901234567890:Engineering]")]
    [InlineData(MentionKind.Share, "55555555555555555555", "Client Files",
        "@[share:55555555555555555555:Client Files]")]
    public void Pill_EachKind_HasTheApiFormat(MentionKind kind, string id, string name, string pill)
    {
        Assert.Equal(pill, Mention.Create(kind, id, name)!.Pill);
    }

    [Theory]
    [InlineData(MentionKind.User, "123")]
    [InlineData(MentionKind.Workspace, "node_abc")]
    [InlineData(MentionKind.File, "a:b")]
    [InlineData(MentionKind.File, "a]b")]
    [InlineData(MentionKind.File, "has space")]
    [InlineData(MentionKind.Folder, "")]
    public void Pill_IdThatCannotStandInAPill_IsNoMention(MentionKind kind, string id)
    {
        Assert.Null(Mention.Create(kind, id, "name"));
    }

    [Fact]
    public void Pill_NameWithBracketsAndLineBreaks_CannotEndOrSplitThePill()
    {
        var mention = Mention.Create(MentionKind.File, "node_1", "a]b[c\n\tplan.pdf")!;

        Assert.Equal("@[file:node_1:a)b(c plan.pdf]", mention.Pill);
    }

    [Fact]
    public void Pill_BlankOrLongName_IsNoMentionOrShortened()
    {
        Assert.Null(Mention.Create(MentionKind.User, Alice, " \n "));
        Assert.Equal(Mention.MaxNameLength, Mention.Create(MentionKind.User, Alice, new string('x', 500))!.Name.Length);
    }

    [Fact]
    public void Catalog_HandCountedHour_NamesEverythingTheEventsName()
    {
        var catalog = MentionCatalog.From(SummaryEvent.From(Hour()), WorkspaceNames);

        var pills = catalog.Ranked(100).Select(m => m.Pill).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(
        [
            "@[file:node_f1:report.pdf]",
            "@[file:node_f2:notes.md]",
            "@[folder:node_d1:Designs]",
            $"@[user:{Alice}:Alice]",
            $"@[user:{Bob}:Bob]",
            $"@[user:{Carol}:Carol]",
            $"@[user:{Dave}:Dave]",
            $"@[workspace:{Workspace}:Engineering]",
        ], pills);
    }

    [Fact]
    public void Catalog_WorkspaceWithoutAKnownName_IsNotPilled()
    {
        var catalog = MentionCatalog.From(SummaryEvent.From(Hour()));

        Assert.Null(catalog.Find(MentionKind.Workspace, Workspace));
    }

    [Fact]
    public void Catalog_TargetUserWithoutMemberName_TakesTheNameTheyActUnder()
    {
        var events = SummaryEvent.From([
            View("a", "10:00:00", "added_member_to_workspace", "workspace", "members", Carol, "Carol", userId: Bob),
            View("b", "09:00:00", "comment_created", "workspace", "comments", Bob, "Bob B."),
        ]);

        var catalog = MentionCatalog.From(events);

        Assert.Equal("Bob B.", catalog.Find(MentionKind.User, Bob)!.Name);
    }
}
