using FastIo.Orleans.Tests.Infrastructure;

namespace FastIo.Orleans.Tests.Summaries;

/// <summary>Summaries and searches spend one allowance: the events_search channel.</summary>
public sealed class SummarizeRateLimitTests : IAsyncLifetime
{
    private readonly RateLimitedStack _stack = new();

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    [Fact]
    public async Task Summarize_SharesTheSearchChannel_SixthOfEitherWithinThreeSecondsIsCalmed()
    {
        var user = Ids.Next();
        var token = Tokens.User(user);
        var search = $"/current/events/search/?user_id={user}";
        var summarize = $"/current/events/search/summarize/?user_id={user}";
        var answers = new List<(int Status, string Available)>();
        foreach (var path in new[] { search, summarize, search, summarize, search })
        {
            var (status, _, headers) = await _stack.SendWithHeadersAsync(HttpMethod.Get, path, token);
            answers.Add((status, headers.GetValues("X-Rate-Limit-Available").Single()));
        }

        var (calmed, body, calmedHeaders) = await _stack.SendWithHeadersAsync(HttpMethod.Get, summarize, token);

        Assert.Equal([(200, "4"), (200, "3"), (200, "2"), (200, "1"), (200, "0")], answers);
        Assert.Equal(429, calmed);
        Assert.Equal("APP_ENHANCE_CALM", body["error"]!["error_code"]!.GetValue<string>());
        Assert.Contains("events_search", body["error"]!["text"]!.GetValue<string>());
        Assert.True(calmedHeaders.Contains("Retry-After"));
    }

    private sealed class RateLimitedStack : ProductStack
    {
        protected override bool RateLimited => true;
    }
}
