namespace FastIo.Orleans.Billing;

/// <summary>What an org's log says about its billing: its subscriptions and whether it is billable.</summary>
[GenerateSerializer, Immutable]
public sealed record OrgBilling(
    [property: Id(0)] bool Billable,
    [property: Id(1)] IReadOnlyList<SubscriptionBilling> Subscriptions)
{
    public static readonly OrgBilling None = new(false, []);
}
