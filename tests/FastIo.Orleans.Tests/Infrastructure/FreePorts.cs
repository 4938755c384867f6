using System.Net;
using System.Net.Sockets;

namespace FastIo.Orleans.Tests.Infrastructure;

internal static class FreePorts
{
    /// <summary>A loopback port nothing listens on right now, as the OS hands them out.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
