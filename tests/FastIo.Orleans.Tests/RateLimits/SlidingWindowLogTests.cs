using FastIo.Orleans.Grains.RateLimits;
using FastIo.Orleans.RateLimits;
using FastIo.Orleans.Tests.Infrastructure;

namespace FastIo.Orleans.Tests.RateLimits;

public sealed class SlidingWindowLogTests
{
    private readonly ManualClock _clock = new();
    private readonly SlidingWindowLog _search = new(RateLimitChannel.WindowsOf(RateLimitChannel.EventsSearch));

    [Fact]
    public void Acquire_SixthSearchWithinThreeSeconds_IsRefusedWithExactRetry()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.True(Acquire().Allowed);
            _clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        var refused = Acquire();

        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), refused.RetryAfter);
        Assert.Equal(0, refused.Remaining);
    }

    [Fact]
    public void Acquire_WindowSlides_NotClockAligned()
    {
        for (var i = 0; i < 5; i++)
        {
            Acquire();
        }

        _clock.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.False(Acquire().Allowed);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(Acquire().Allowed);
    }

    [Fact]
    public void Acquire_RefusedRequests_DoNotCount()
    {
        for (var i = 0; i < 5; i++)
        {
            Acquire();
        }

        for (var i = 0; i < 50; i++)
        {
            Assert.False(Acquire().Allowed);
        }

        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.True(Acquire().Allowed);
    }

    [Fact]
    public void Acquire_ThirtySecondWindow_LimitsFifteen()
    {
        var allowed = 0;
        for (var i = 0; i < 30; i++)
        {
            allowed += Acquire().Allowed ? 1 : 0;
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(15, allowed);
    }

    [Fact]
    public void Acquire_TenMinuteWindow_LimitsHundredTwenty()
    {
        var allowed = 0;
        for (var i = 0; i < 600; i++)
        {
            allowed += Acquire().Allowed ? 1 : 0;
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(120, allowed);
    }

    [Fact]
    public void Acquire_Allowed_ReportsTheTightestWindow()
    {
        var first = Acquire();

        Assert.Equal(5, first.Limit);
        Assert.Equal(4, first.Remaining);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromSeconds(3), first.ResetsAt);
    }

    [Fact]
    public void Acquire_ActivityPoll_LimitsTwoHundredPerMinuteAndThousandPerHour()
    {
        var poll = new SlidingWindowLog(RateLimitChannel.WindowsOf(RateLimitChannel.ActivityPoll));
        var allowed = 0;
        for (var i = 0; i < 3600; i++)
        {
            allowed += poll.Acquire(_clock.GetUtcNow()).Allowed ? 1 : 0;
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1000, allowed);
    }

    private RateLimitDecision Acquire() => _search.Acquire(_clock.GetUtcNow());
}
