using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FastIo.Orleans.Gateway.Billing;

public static class BillingWebhookExtensions
{
    /// <summary>Stripe webhook verification and the inbox; stops start-up when no valid secret is configured.</summary>
    public static WebApplicationBuilder AddBillingWebhook(this WebApplicationBuilder builder)
    {
        var options = StripeWebhookOptions.Read(builder.Configuration);
        if (StripeWebhookOptions.Validate(options) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<StripeSignatureVerifier>();
        builder.Services.AddSingleton<BillingInbox>();
        return builder;
    }
}
