using FastIo.Orleans.Gateway.Api;
using FastIo.Orleans.Gateway.Auth;

namespace FastIo.Orleans.Gateway.Operations;

/// <summary>
/// A browser cannot add a bearer header to the dashboard's own requests, so an operator token may also arrive as
/// an HttpOnly, same-site cookie scoped to the dashboard's path. The cookie is set only from a token that already
/// passed validation as an operator token, and it is read nowhere else: the product's API never takes it.
/// </summary>
public static class OperatorSession
{
    public const string DashboardPath = "/dashboard";
    public const string CookieName = "fastio_operator";

    /// <summary>The operator cookie's token for a dashboard request without an Authorization header.</summary>
    public static string? TokenOf(HttpRequest request) =>
        request.Path.StartsWithSegments(DashboardPath)
        && request.Headers.Authorization.Count == 0
        && request.Cookies.TryGetValue(CookieName, out var token)
        && !string.IsNullOrEmpty(token)
            ? token
            : null;

    /// <summary>
    /// <c>POST /operator/session</c> with form field <c>token</c>: an operator token becomes the dashboard cookie
    /// until the token expires; anything else is refused like a bad bearer token.
    /// </summary>
    public static async Task<IResult> StartAsync(HttpContext context, TokenValidator validator)
    {
        var form = context.Request.HasFormContentType
            ? await context.Request.ReadFormAsync(context.RequestAborted)
            : null;
        var token = form?["token"].ToString();
        if (string.IsNullOrEmpty(token))
        {
            return Envelope.Error(ApiError.InputInvalid, "token is required",
                new ApiParam("token", "is required: an operator token, as a form field"));
        }

        var check = await validator.CheckAsync(token);
        if (check.Verdict != TokenVerdict.Valid || check.Kind != TokenKind.Operator)
        {
            return Envelope.Error(ApiError.AuthInvalid, "The token is not a valid operator token.");
        }

        context.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = DashboardPath,
            Expires = check.Expires,
        });
        return Results.Redirect(DashboardPath + "/");
    }

    /// <summary>The sign-in form: one field, posted to <see cref="StartAsync"/>.</summary>
    public static IResult Form() => Results.Content("""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>FastIo operators</title></head>
        <body>
        <h1>Orleans dashboard</h1>
        <form method="post" action="/operator/session">
          <label>Operator token <input type="password" name="token" autocomplete="off" required></label>
          <button type="submit">Open the dashboard</button>
        </form>
        </body></html>
        """, "text/html; charset=utf-8");
}
