using System.Text.Json;
using FastIo.Orleans.Billing;

namespace FastIo.Orleans.Grains.Billing;

/// <summary>The fields of a billing event's <c>details</c> that an org's billing state is folded from.</summary>
public sealed record BillingEventDetails
{
    public long? StripeCreated { get; init; }
    public string? SubscriptionId { get; init; }
    public string? CustomerId { get; init; }
    public string? Status { get; init; }
    public string? PriceId { get; init; }
    public long? CurrentPeriodEnd { get; init; }
    public long? TrialEnd { get; init; }
    public bool CancelAtPeriodEnd { get; init; }
    public string? InvoiceId { get; init; }

    /// <summary>Reads the fields; anything missing or of the wrong JSON type is left unset.</summary>
    public static BillingEventDetails? Read(string? detailsJson)
    {
        if (detailsJson is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(detailsJson);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new BillingEventDetails
        {
            StripeCreated = Number(root, BillingDetails.StripeCreated),
            SubscriptionId = Text(root, BillingDetails.SubscriptionId),
            CustomerId = Text(root, BillingDetails.CustomerId),
            Status = Text(root, BillingDetails.Status),
            PriceId = Text(root, BillingDetails.PriceId),
            CurrentPeriodEnd = Number(root, BillingDetails.CurrentPeriodEnd),
            TrialEnd = Number(root, BillingDetails.TrialEnd),
            CancelAtPeriodEnd = root.TryGetProperty(BillingDetails.CancelAtPeriodEnd, out var cancel)
                && cancel.ValueKind == JsonValueKind.True,
            InvoiceId = Text(root, BillingDetails.InvoiceId),
        };
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt64(out var number) ? number : null;
}
