using FastIo.Orleans.Gateway.Summaries;
using static FastIo.Orleans.Tests.Summaries.SummaryFixtures;

namespace FastIo.Orleans.Tests.Summaries;

public sealed class PillSanitizerTests
{
    private static readonly MentionCatalog Catalog = MentionCatalog.From(SummaryEvent.From(Hour()), WorkspaceNames);

    [Fact]
    public void Sanitize_PillsOfTheEvents_AreKeptAsTheyAre()
    {
        var text = $"@[user:{Alice}:Alice] updated @[file:node_f1:report.pdf] in @[workspace:{Workspace}:Engineering].";

        var result = PillSanitizer.Sanitize(text, Catalog);

        Assert.Equal(text, result.Text);
        Assert.Equal((3, 0, 0), (result.Kept, result.Repaired, result.Removed));
    }

    [Fact]
    public void Sanitize_InventedIds_BecomePlainText()
    {
        var text = "@[user:99999999999999999999:Mallory] shared @[file:node_evil:payload.exe] and "
            + "@[folder:node_x:Secrets].";

        var result = PillSanitizer.Sanitize(text, Catalog);

        Assert.Equal("Mallory shared payload.exe and Secrets.", result.Text);
        Assert.Equal(3, result.Removed);
        Assert.DoesNotContain("@[", result.Text);
    }

    [Fact]
    public void Sanitize_KnownIdUnderTheWrongType_IsRemoved()
    {
        var result = PillSanitizer.Sanitize($"@[file:{Alice}:Alice] and @[user:node_f1:report.pdf]", Catalog);

        Assert.Equal("Alice and report.pdf", result.Text);
    }

    [Fact]
    public void Sanitize_KnownIdWithGarbledName_IsRepairedToTheKnownName()
    {
        var result = PillSanitizer.Sanitize(
            $"@[User:{Alice}:Alice the Admin] edited @[file:node_f2] and @[file: node_f1 :reprot.pdf].", Catalog);

        Assert.Equal($"@[user:{Alice}:Alice] edited @[file:node_f2:notes.md] and @[file:node_f1:report.pdf].",
            result.Text);
        Assert.Equal((3, 3, 0), (result.Kept, result.Repaired, result.Removed));
    }

    [Theory]
    [InlineData("see @[user:123", "see [user:123")]
    [InlineData("@[]", "")]
    [InlineData("@[no colons here] ok", "no colons here ok")]
    [InlineData("@[widget:30000000000000000001:Alice]", "Alice")]
    [InlineData("@[@[user:30000000000000000001:Alice]]", "[@[user:30000000000000000001:Alice]]")]
    public void Sanitize_MalformedPills_LeaveNoPillBehind(string text, string expected)
    {
        Assert.Equal(expected, PillSanitizer.Sanitize(text, Catalog).Text);
    }

    [Fact]
    public void Sanitize_LinksAndControlCharacters_AreDropped()
    {
        var result = PillSanitizer.Sanitize("Busy hour.\u0007 Click https://evil.example/x?y=1 or www.evil.example\r\n"
            + "\n now.", Catalog);

        Assert.Equal("Busy hour. Click (link removed) or (link removed) now.", result.Text);
    }

    [Fact]
    public void Sanitize_VeryLongText_IsCappedWithoutCuttingAPill()
    {
        var pill = $"@[user:{Alice}:Alice]";
        var text = string.Concat(Enumerable.Repeat($"{pill} did a thing ", 200));

        var result = PillSanitizer.Sanitize(text, Catalog).Text;

        Assert.True(result.Length <= PillSanitizer.MaxTextLength, $"{result.Length} characters");
        Assert.EndsWith("…", result);
        Assert.Equal(0, (result.Split("@[").Length - 1) - (result.Split(pill).Length - 1));
    }
}
