using FastIo.Orleans.Billing;
using FastIo.Orleans.Profiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace FastIo.Orleans.Tests.Billing;

/// <summary>
/// An Orleans client of a running product, found through its membership table as the gateway finds it, to
/// read what no public endpoint shows yet: an org's billing state.
/// </summary>
public sealed class ClusterClient : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterClient(IHost host) => _host = host;

    public static async Task<ClusterClient> ConnectAsync(string connectionString)
    {
        var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("fastio", "fastio"));
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = connectionString;
                });
            })
            .Build();
        await host.StartAsync();
        return new ClusterClient(host);
    }

    public Task<OrgBilling> GetBillingAsync(string orgId) =>
        _host.Services.GetRequiredService<IClusterClient>().GetProfile(orgId).GetBillingAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
