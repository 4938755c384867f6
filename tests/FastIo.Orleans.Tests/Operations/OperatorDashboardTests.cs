using System.Net;
using System.Net.Http.Headers;
using FastIo.Orleans.Tests.Infrastructure;
using static FastIo.Orleans.Tests.Infrastructure.World;

namespace FastIo.Orleans.Tests.Operations;

/// <summary>
/// The Orleans dashboard is for operator tokens only, as a bearer header or as the cookie the sign-in form sets;
/// the cookie opens the dashboard and nothing else.
/// </summary>
[Collection(ProductCollection.Name)]
public sealed class OperatorDashboardTests(ProductStack stack)
{
    [Fact]
    public async Task Session_OperatorToken_SetsCookieThatOpensOnlyTheDashboard()
    {
        using var client = CookieClient(out var cookies);

        using var signIn = await client.PostAsync("/operator/session",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = Tokens.Operator() }));
        using var dashboard = await client.GetAsync("/dashboard/");
        var world = await CreateAsync(stack);
        using var search = await client.GetAsync($"/current/events/search/?workspace_id={world.WorkspaceId}");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = Assert.Single(cookies.GetCookies(new Uri(stack.Gateway.BaseAddress, "dashboard/")));
        Assert.True(cookie.HttpOnly);
        Assert.Equal("/dashboard", cookie.Path);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, search.StatusCode);
    }

    [Fact]
    public async Task Session_BehindTlsTerminatingProxy_CookieIsSecure()
    {
        using var client = CookieClient(out _);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/operator/session")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = Tokens.Operator() }),
        };
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var signIn = await client.SendAsync(request);

        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("user")]
    [InlineData("service")]
    [InlineData("garbled")]
    public async Task Session_TokenOfAnotherKind_IsRefusedAndSetsNoCookie(string kind)
    {
        using var client = CookieClient(out var cookies);
        var token = kind switch
        {
            "user" => Tokens.User(Ids.Next()),
            "service" => Tokens.Service(),
            _ => "not-a-token",
        };

        using var signIn = await client.PostAsync("/operator/session",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }));
        var body = await signIn.Content.ReadAsStringAsync();
        using var dashboard = await client.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.Contains("APP_AUTH_INVALID", body, StringComparison.Ordinal);
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        Assert.Empty(cookies.GetCookies(stack.Gateway.BaseAddress));
        Assert.Equal(HttpStatusCode.Unauthorized, dashboard.StatusCode);
    }

    [Fact]
    public async Task Dashboard_UserTokenAsCookie_IsRefused()
    {
        using var client = CookieClient(out var cookies);
        cookies.Add(stack.Gateway.BaseAddress, new Cookie("fastio_operator", Tokens.User(Ids.Next()), "/dashboard"));

        using var dashboard = await client.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.Unauthorized, dashboard.StatusCode);
    }

    [Fact]
    public async Task Readiness_SiloActive_ReportsClusterHealthy()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));

        using var ready = await stack.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    private HttpClient CookieClient(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        return new HttpClient(handler) { BaseAddress = stack.Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }
}
