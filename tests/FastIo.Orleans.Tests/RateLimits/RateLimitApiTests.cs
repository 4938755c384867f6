using FastIo.Orleans.Tests.Infrastructure;

namespace FastIo.Orleans.Tests.RateLimits;

public sealed class RateLimitApiTests : IAsyncLifetime
{
    private readonly RateLimitedStack _stack = new();

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    [Fact]
    public async Task Search_SixthWithinThreeSeconds_IsCalmedWithHeaders()
    {
        var user = Ids.Next();
        var token = Tokens.User(user);
        var path = $"/current/events/search/?user_id={user}";
        var answers = new List<(int Status, System.Net.Http.Headers.HttpResponseHeaders Headers)>();
        for (var i = 0; i < 6; i++)
        {
            var (status, _, headers) = await _stack.SendWithHeadersAsync(HttpMethod.Get, path, token);
            answers.Add((status, headers));
        }

        var (otherStatus, _) = await _stack.GetAsync($"/current/events/search/?user_id={Ids.Next()}", Tokens.User(Ids.Next()));
        var (_, refusal, refusalHeaders) = await _stack.SendWithHeadersAsync(HttpMethod.Get, path, token);

        Assert.All(answers.Take(5), a => Assert.Equal(200, a.Status));
        Assert.Equal(["4", "3", "2", "1", "0"], answers.Take(5).Select(a => a.Headers.GetValues("X-Rate-Limit-Available").Single()));
        Assert.Equal(429, answers[5].Status);
        Assert.Equal("APP_ENHANCE_CALM", refusal["error"]!["error_code"]!.GetValue<string>());
        var retryAfter = int.Parse(refusalHeaders.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 3);
        Assert.Equal("5", refusalHeaders.GetValues("X-Rate-Limit-Max").Single());
        Assert.Equal(403, otherStatus);
    }

    private sealed class RateLimitedStack : ProductStack
    {
        protected override bool RateLimited => true;
    }
}
