namespace FastIo.Orleans.Gateway.Hosting;

/// <summary>
/// How many silos this gateway's Orleans client holds connections to, as the client reports changes. Null until
/// the first report.
/// </summary>
public sealed class ClusterConnectionState : IClusterConnectionStatusObserver
{
    private int _connected = -1;

    public int? ConnectedSilos => Volatile.Read(ref _connected) is var count and >= 0 ? count : null;

    public void NotifyClusterConnectionLost() => Volatile.Write(ref _connected, 0);

    public void NotifyGatewayCountChanged(
        int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered) =>
        Volatile.Write(ref _connected, currentNumberOfGateways);
}
