namespace FastIo.Orleans.Gateway.Activity;

/// <summary>
/// Stream subscriptions held by a client may not survive a silo it talked to going away, so when the
/// gateway's connection to the cluster changes, every watch subscribes again and reads its grain.
/// </summary>
public sealed class ActivityConnectionObserver(IServiceProvider services) : IClusterConnectionStatusObserver
{
    public void NotifyClusterConnectionLost()
    {
        // Nothing to do until a gateway is back; quiet watches keep trying to read their grains meanwhile.
    }

    public void NotifyGatewayCountChanged(
        int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (connectionRecovered || currentNumberOfGateways > previousNumberOfGateways)
        {
            services.GetRequiredService<ActivityHub>().ResubscribeAll();
        }
    }
}
