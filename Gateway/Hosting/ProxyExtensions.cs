using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.HttpOverrides;

namespace FastIo.Orleans.Gateway.Hosting;

public static class ProxyExtensions
{
    public const string TrustedNetworksKey = "Proxy:TrustedNetworks";

    /// <summary>
    /// The client's address and scheme as the load balancer saw them (<c>X-Forwarded-For</c>, <c>-Proto</c>), taken
    /// only from proxies on loopback or in <c>Proxy:TrustedNetworks</c> (CIDR, comma-separated): anyone else could
    /// claim any address. The scheme decides whether the operator cookie is marked Secure.
    /// </summary>
    public static WebApplicationBuilder AddProxySupport(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration[TrustedNetworksKey] ?? string.Empty;
        var networks = new List<IPNetwork>();
        var entries = configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var entry in entries)
        {
            if (!IPNetwork.TryParse(entry, out var network))
            {
                throw new InvalidOperationException(
                    $"{TrustedNetworksKey} holds '{entry}', which is not a network in CIDR notation (10.0.0.0/8).");
            }

            networks.Add(network);
        }

        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(network);
            }
        });
        return builder;
    }
}
