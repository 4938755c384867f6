using System.Net;
using System.Net.Sockets;

namespace FastIo.Orleans.Tests.Infrastructure;

/// <summary>
/// Loopback ports for the processes the tests start. They come from below the kernel's ephemeral range
/// (32768 and up here): a port the OS handed out as free can be taken by any outgoing connection before the
/// process meant for it binds, and the tests open thousands of those. Each port is handed out once per run and
/// checked free when handed out; the start is spread by process ID so that two test runs rarely meet.
/// </summary>
internal static class FreePorts
{
    private const int First = 20000;
    private const int Count = 10000;

    private static int _next = Environment.ProcessId % Count;

    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + Interlocked.Increment(ref _next) % Count;
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port from {First} to {First + Count - 1}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
