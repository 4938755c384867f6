namespace FastIo.Orleans.ServiceDefaults;

/// <summary>Identifies the cluster; silos and gateways must agree on both values to find each other.</summary>
public sealed class OrleansClusterOptions
{
    public const string Section = "Orleans";

    /// <summary>Groups the silos of one deployment in the membership table. Default <c>fastio</c>.</summary>
    public string ClusterId { get; set; } = "fastio";

    /// <summary>Stays the same across deployments, so grain state survives upgrades. Default <c>fastio</c>.</summary>
    public string ServiceId { get; set; } = "fastio";
}
