using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Fulcrum.Bench;

/// <summary>
/// The probed side, in a child process so its CPU is not counted as the prober's: COUNT TCP listeners
/// on 127.0.0.1 from port BASE that accept and close. Started as <c>Fulcrum.Bench listen BASE COUNT</c>;
/// prints "ready" when every port listens; killed by pid.
/// </summary>
internal static class ListenerProcess
{
    public static Process Start(int basePort, int count)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (!Environment.ProcessPath!.EndsWith("Fulcrum.Bench", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(typeof(ListenerProcess).Assembly.Location); // run through "dotnet Fulcrum.Bench.dll"
        }

        foreach (string arg in new[] { "listen", basePort.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        if (process.StandardOutput.ReadLine() != "ready")
        {
            process.Kill();
            throw new InvalidOperationException("the listener process did not start");
        }

        return process;
    }

    public static async Task<int> RunAsync(int basePort, int count)
    {
        var listeners = new List<Socket>();
        for (int i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, basePort + i));
            socket.Listen(128);
            listeners.Add(socket);
        }

        Console.WriteLine("ready");
        await Task.WhenAll(listeners.Select(AcceptLoopAsync));
        return 0;
    }

    private static async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            Socket accepted = await listener.AcceptAsync();
            accepted.Dispose();
        }
    }
}
