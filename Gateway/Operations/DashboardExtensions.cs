using FastIo.Orleans.Gateway.Auth;
using FastIo.Orleans.ServiceDefaults;
using Orleans.Dashboard;

namespace FastIo.Orleans.Gateway.Operations;

public static class DashboardExtensions
{
    /// <summary>
    /// The Orleans dashboard at <c>/dashboard</c>, for operator tokens only (bearer header, or the cookie set by
    /// <c>POST /operator/session</c> from the form at <c>/operator/login</c>). It has no authentication of its
    /// own, so every one of its routes carries the operator policy.
    /// </summary>
    public static WebApplication MapOperatorDashboard(this WebApplication app)
    {
        if (!app.Configuration.DashboardEnabled())
        {
            return app;
        }

        app.MapOrleansDashboard(OperatorSession.DashboardPath)
            .RequireAuthorization(AuthenticationExtensions.OperatorPolicy)
            .ExcludeFromDescription();
        app.MapGet("/operator/login", OperatorSession.Form)
            .AllowAnonymous()
            .ExcludeFromDescription();
        app.MapPost("/operator/session", OperatorSession.StartAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();
        return app;
    }

    public static IClientBuilder AddOperatorDashboard(this IClientBuilder client, IConfiguration configuration) =>
        configuration.DashboardEnabled() ? client.AddDashboard(o => o.HideTrace = true) : client;
}
