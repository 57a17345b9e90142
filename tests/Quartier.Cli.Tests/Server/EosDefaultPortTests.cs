using System.Net;
using System.Net.Sockets;

namespace Quartier.Cli.Tests.Server;

/// <summary>
/// The EOS API's default address (127.0.0.1:8503) taken — by EOS, or by another Quartier server — does not stop
/// <c>quartier serve</c>: it serves its other APIs without the EOS one and says so. An address given with
/// <c>--eos-urls</c> that is taken still stops it.
/// </summary>
public sealed class EosDefaultPortTests
{
    [Fact]
    public void A_taken_default_EOS_port_leaves_the_server_running_without_the_EOS_API()
    {
        using var tmp = new TempDir();
        using var holder = Hold(8503);
        using var server = ServerProcess.Launch($"http://127.0.0.1:{ServerProcess.FreePort()}", "sqlite:" + tmp.File("q.db"), null, ownEosPort: false,
            "--eos-config", tmp.File("eos.json"));
        server.WaitReady();
        Assert.Contains("http://127.0.0.1:8503, the EOS API's default address, is in use; serving without the EOS API", server.Output, StringComparison.Ordinal);
        using var health = server.Send(HttpMethod.Get, "/api/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public void A_taken_EOS_address_given_on_the_command_line_stops_the_server()
    {
        using var tmp = new TempDir();
        var port = ServerProcess.FreePort();
        using var holder = Hold(port);
        using var server = ServerProcess.Launch($"http://127.0.0.1:{ServerProcess.FreePort()}", "sqlite:" + tmp.File("q.db"), null, ownEosPort: false,
            "--eos-urls", $"http://127.0.0.1:{port}", "--eos-config", tmp.File("eos.json"));
        var error = Assert.ThrowsAny<Exception>(server.WaitReady);
        Assert.Contains("address already in use", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Holds the port on 127.0.0.1 while the test runs (null when something else already holds it, which serves as well).</summary>
    private static TcpListener? Hold(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return listener;
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
