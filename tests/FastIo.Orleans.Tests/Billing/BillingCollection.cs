namespace FastIo.Orleans.Tests.Billing;

/// <summary>Webhook and effect tests share one product with a quick billing inbox; each makes its own org.</summary>
[CollectionDefinition(Name)]
public sealed class BillingCollection : ICollectionFixture<BillingStack>
{
    public const string Name = "billing";
}
