namespace FastIo.Orleans.Silo;

/// <summary>Where a silo listens and what address it publishes in the membership table.</summary>
public sealed class SiloEndpointOptions
{
    public const string Section = "Orleans:Endpoints";

    /// <summary>The address other silos and gateways dial. Default 127.0.0.1 (single machine).</summary>
    public string AdvertisedIP { get; set; } = "127.0.0.1";

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients (gateways) connect to. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Bind to all interfaces rather than only the advertised address (containers).</summary>
    public bool ListenOnAnyHostAddress { get; set; }
}
