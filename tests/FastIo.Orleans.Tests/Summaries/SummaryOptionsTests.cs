using FastIo.Orleans.Gateway.Summaries;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FastIo.Orleans.Tests.Summaries;

/// <summary>The generator is chosen by configuration; settings that cannot work stop start-up by name.</summary>
public sealed class SummaryOptionsTests
{
    [Fact]
    public void Options_NoProvider_UseTheBuiltInSummariser()
    {
        using var services = Build([]);

        Assert.IsType<BuiltInSummaryGenerator>(services.GetRequiredService<ISummaryGenerator>());
        Assert.Null(services.GetService<IChatClient>());
    }

    [Theory]
    [InlineData("ollama", "ollama")]
    [InlineData("openai", "openai")]
    [InlineData("OpenAI", "openai")]
    public void Options_Provider_AsksAChatClientOfThatProvider(string provider, string name)
    {
        using var services = Build(new()
        {
            ["Summaries:Provider"] = provider,
            ["Summaries:Endpoint"] = "http://127.0.0.1:11434",
            ["Summaries:Model"] = "llama3.2",
            ["Summaries:ApiKey"] = "unused",
        });

        var generator = Assert.IsType<ChatClientSummaryGenerator>(services.GetRequiredService<ISummaryGenerator>());
        Assert.Equal(name, generator.Name);
        Assert.NotNull(services.GetRequiredService<IChatClient>());
    }

    [Theory]
    [InlineData("Provider", "claude", "Summaries:Provider")]
    [InlineData("Timeout", "00:00:00", "Summaries:Timeout")]
    [InlineData("Timeout", "01:00:00", "Summaries:Timeout")]
    [InlineData("MaxOutputTokens", "10", "Summaries:MaxOutputTokens")]
    [InlineData("Endpoint", "ftp://models", "Summaries:Endpoint")]
    public void Options_Unworkable_StopStartUpNamingTheSetting(string key, string value, string named)
    {
        var problem = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Summaries:" + key] = value }));

        Assert.Contains(named, problem.Message);
    }

    [Theory]
    [InlineData("openai", "Summaries:ApiKey")]
    [InlineData("ollama", "Summaries:Endpoint")]
    public void Options_ProviderWithoutItsSettings_StopsStartUp(string provider, string named)
    {
        var problem = Assert.Throws<InvalidOperationException>(() =>
            Build(new() { ["Summaries:Provider"] = provider, ["Summaries:Model"] = "m" }));

        Assert.Contains(named, problem.Message);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddEventSummaries();
        return builder.Services.BuildServiceProvider();
    }
}
