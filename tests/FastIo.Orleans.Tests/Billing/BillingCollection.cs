namespace FastIo.Orleans.Tests.Billing;

/// <summary>The webhook and effect tests share one product with a quick billing inbox; each test makes its own org.</summary>
[CollectionDefinition(Name)]
public sealed class BillingCollection : ICollectionFixture<BillingStack>
{
    public const string Name = "billing";
}
