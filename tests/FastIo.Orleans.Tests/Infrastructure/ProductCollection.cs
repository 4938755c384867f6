namespace FastIo.Orleans.Tests.Infrastructure;

/// <summary>The end-to-end tests share one running product; each test makes its own profiles.</summary>
[CollectionDefinition(Name)]
public sealed class ProductCollection : ICollectionFixture<ProductStack>
{
    public const string Name = "product";
}
