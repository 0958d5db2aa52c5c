using System.Net;
using System.Net.Sockets;

namespace ActionItems.IntegrationTests.Infrastructure;

public static class LoopbackPort
{
    /// <summary>A loopback port nothing listens on now (bound, then released), for a server the test starts itself.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
