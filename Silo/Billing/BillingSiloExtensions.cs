using Microsoft.Extensions.Options;

namespace FastIo.Orleans.Silo.Billing;

public static class BillingSiloExtensions
{
    /// <summary>
    /// The billing inbox processor on this silo. Call after the silo is added: hosted services start in
    /// order, so the processor starts once the silo is up and grain calls can be served.
    /// </summary>
    public static WebApplicationBuilder AddBillingInbox(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BillingInboxOptions>()
            .BindConfiguration(BillingInboxOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BillingInboxOptions>, BillingInboxOptionsValidator>();
        builder.Services.AddSingleton<BillingInboxStore>();
        builder.Services.AddSingleton<BillingInboxMetrics>();
        builder.Services.AddHostedService<BillingInboxProcessor>();
        return builder;
    }

    private sealed class BillingInboxOptionsValidator : IValidateOptions<BillingInboxOptions>
    {
        public ValidateOptionsResult Validate(string? name, BillingInboxOptions options) =>
            BillingInboxOptions.Validate(options) is { } problem
                ? ValidateOptionsResult.Fail(problem)
                : ValidateOptionsResult.Success;
    }
}
