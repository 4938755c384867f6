using FastIo.Orleans.Gateway.Summaries;
using static FastIo.Orleans.Tests.Summaries.SummaryFixtures;

namespace FastIo.Orleans.Tests.Summaries;

public sealed class SummaryMetricsTests
{
    [Fact]
    public void Metrics_HandCountedHour_MatchTheCount()
    {
        var metrics = SummaryMetrics.Of(SummaryEvent.From(Hour()));

        Assert.Equal(8, metrics.TotalEvents);
        Assert.Equal(3, metrics.UniqueActors);
        Assert.Equal("2025-01-01T12:00:05+00:00", SummaryMetrics.Iso(metrics.Start));
        Assert.Equal("2025-01-01T12:07:30+00:00", SummaryMetrics.Iso(metrics.End));
        Assert.Equal([new("workspace", 6), new("ai", 1), new("workflow", 1)], metrics.Categories);
    }

    [Fact]
    public void Metrics_TargetUsersWhoNeverAct_AreNotActors()
    {
        var events = SummaryEvent.From([
            View("a", "09:00:00", "added_member_to_workspace", "workspace", "members", Carol, "Carol", userId: Dave),
            View("b", "08:00:00", "added_member_to_workspace", "workspace", "members", Carol, "Carol", userId: Alice),
        ]);

        var metrics = SummaryMetrics.Of(events);

        Assert.Equal((2, 1), (metrics.TotalEvents, metrics.UniqueActors));
        Assert.Equal(metrics.Start, DateTime.Parse("2025-01-01T08:00:00Z").ToUniversalTime());
    }

    [Fact]
    public void Metrics_OneEvent_StartEqualsEnd()
    {
        var metrics = SummaryMetrics.Of(SummaryEvent.From([Hour()[0]]));

        Assert.Equal(metrics.Start, metrics.End);
        Assert.Equal([new("ai", 1)], metrics.Categories);
    }
}
