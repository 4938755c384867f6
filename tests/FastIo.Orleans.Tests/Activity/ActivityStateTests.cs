using FastIo.Orleans.Activity;
using FastIo.Orleans.Grains.Profiles;

namespace FastIo.Orleans.Tests.Activity;

/// <summary>The activity state a profile keeps: bounded, with a floor that tells old reads they lost history.</summary>
public sealed class ActivityStateTests
{
    private static readonly long Day = (long)TimeSpan.FromDays(1).TotalMicroseconds;

    [Fact]
    public void Trim_MorePerObjectKeysThanTheBound_DropsOldestAndRaisesTheFloorToThem()
    {
        var state = new ActivityState();
        for (var i = 1; i <= ActivityState.MaxObjectKeys + 5; i++)
        {
            state.Touch("storage", i);
            state.Touch($"storage:{i}", i);
        }

        state.Trim(ActivityState.MaxObjectKeys + 5);
        var (oldRecovered, _) = state.Read(new ActivityQuery { Since = ActivityState.FromMicros(4) });
        var (recovered, keys) = state.Read(new ActivityQuery { Since = ActivityState.FromMicros(5) });

        Assert.Equal(ActivityState.MaxObjectKeys + 1, state.Keys.Count);
        Assert.Equal(5, state.Floor);
        Assert.DoesNotContain("storage:5", state.Keys.Keys);
        Assert.Contains("storage:6", state.Keys.Keys);
        Assert.False(oldRecovered);
        Assert.True(recovered);
        Assert.Equal(ActivityState.MaxObjectKeys + 1, keys.Count);
    }

    [Fact]
    public void Trim_PerObjectKeysOlderThanTheAgeBound_DroppedProfileLevelKeysKept()
    {
        var state = new ActivityState();
        state.Touch("comments", 1 * Day);
        state.Touch("comments:old", 1 * Day);
        state.Touch("comments:new", 5 * Day);

        state.Trim(9 * Day);

        Assert.Equal(["comments", "comments:new"], state.Keys.Keys.Order());
        Assert.Equal(1 * Day, state.Floor);
    }

    [Fact]
    public void Trim_EveryCommit_KeepsExactlyWhatSortingAllKeysWouldKeep()
    {
        var state = new ActivityState();
        var model = new Dictionary<string, long>(StringComparer.Ordinal);
        long modelFloor = 0;
        var random = new Random(7);
        for (var at = 1L; at <= 20_000; at++)
        {
            // Few keys touched again and again, many touched once: both leave the queue stale entries.
            var key = random.Next(3) == 0 ? $"comments:hot{random.Next(20)}" : $"storage:{random.Next(3000)}";
            state.Touch(key, at * Day / 100);
            model[key] = at * Day / 100;
            if (random.Next(10) == 0)
            {
                state.Trim(at * Day / 100);
                modelFloor = TrimBySorting(model, at * Day / 100, modelFloor);
                Assert.Equal(model.OrderBy(k => k.Key), state.Keys.OrderBy(k => k.Key));
                Assert.Equal(modelFloor, state.Floor);
            }
        }
    }

    /// <summary>The bound stated plainly: the newest <see cref="ActivityState.MaxObjectKeys"/> per-object keys
    /// within the age bound survive.</summary>
    private static long TrimBySorting(Dictionary<string, long> keys, long now, long floor)
    {
        var oldestKept = now - (long)ActivityState.MaxObjectAge.TotalMicroseconds;
        var byAge = keys.Where(k => ActivityKeys.IsPerObject(k.Key)).OrderByDescending(k => k.Value).ToList();
        for (var i = 0; i < byAge.Count; i++)
        {
            if (i >= ActivityState.MaxObjectKeys || byAge[i].Value < oldestKept)
            {
                keys.Remove(byAge[i].Key);
                floor = Math.Max(floor, byAge[i].Value);
            }
        }

        return floor;
    }

    [Fact]
    public void NextCommitTime_ClockRepeatsOrGoesBack_StillStrictlyAfterTheHead()
    {
        var state = new ActivityState();
        var now = new DateTime(2025, 1, 20, 10, 30, 45, DateTimeKind.Utc).AddTicks(1234560);
        var first = state.NextCommitTime(now);
        state.Touch("storage", first);

        var second = state.NextCommitTime(now);
        state.Touch("storage", second);
        var third = state.NextCommitTime(now.AddSeconds(-5));

        Assert.Equal(first + 1, second);
        Assert.Equal(second + 1, third);
        Assert.Equal(now, ActivityState.FromMicros(first));
    }

    [Fact]
    public void Read_SinceNow_OnlyTheCursorAndAskedProfileLevelKeys()
    {
        var state = new ActivityState();
        state.Touch("storage", 10);
        state.Touch("storage:a", 10);
        state.Touch("members", 7);

        var (_, none) = state.Read(new ActivityQuery());
        var (_, status) = state.Read(new ActivityQuery { IncludeProfileKeys = true });
        ActivityFields.TryParse("members", out var members, out _);
        var (_, filtered) = state.Read(new ActivityQuery { Since = ActivityState.FromMicros(1), Fields = members });

        Assert.Empty(none);
        Assert.Equal(["members", "storage"], status.Select(s => s.Key).Order());
        Assert.Equal(["members"], filtered.Select(s => s.Key));
    }

    [Theory]
    [InlineData("storage", "storage", true)]
    [InlineData("storage", "storage:42", true)]
    [InlineData("storage:42", "storage:42", true)]
    [InlineData("storage:42", "storage:420", false)]
    [InlineData("storage:42", "storage", false)]
    [InlineData("member", "member:1", true)]
    [InlineData("member", "members", false)]
    [InlineData("members", "member:1", false)]
    [InlineData("preview", "preview:x", true)]
    public void Fields_NameWithOrWithoutId_SelectsTheRightKeys(string field, string key, bool selected)
    {
        Assert.True(ActivityFields.TryParse(field, out var fields, out _));

        Assert.Equal(selected, fields.Matches(key));
    }

    [Theory]
    [InlineData("storage", true)]
    [InlineData("preview:abc_123-x.y", true)]
    [InlineData("member:12345678901234567890", true)]
    [InlineData("preview", false)]
    [InlineData("storage:", false)]
    [InlineData("storage:a,b", false)]
    [InlineData("storage:a b", false)]
    [InlineData("unknown:1", false)]
    [InlineData("Storage", false)]
    public void Keys_Syntax_ProfileLevelNameOrKnownPrefixWithPrintableId(string key, bool valid)
    {
        Assert.Equal(valid, ActivityKeys.IsValid(key));
    }
}
