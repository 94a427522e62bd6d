using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Bourse.Server.Hosting;

/// <summary>Recognises Kestrel's failure to bind a listening socket and says why in one sentence.</summary>
internal static class BindFailure
{
    public static string? Describe(Exception exception, string endpoints)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AddressInUseException:
                    return $"cannot listen on {endpoints}: the port is already in use by another program.";
                case SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }:
                    return $"cannot listen on {endpoints}: the port is already in use by another program.";
                case SocketException { SocketErrorCode: SocketError.AccessDenied }:
                    return $"cannot listen on {endpoints}: permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE).";
                case SocketException { SocketErrorCode: SocketError.AddressNotAvailable }:
                    return $"cannot listen on {endpoints}: that IP address does not belong to this machine.";
                case UnauthorizedAccessException:
                    return $"cannot listen on {endpoints}: permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE).";
            }
        }
        return exception is IOException io && io.Message.StartsWith("Failed to bind", StringComparison.Ordinal)
            ? $"cannot listen on {endpoints}: {Cli.CliOutput.OneLine(io.Message)}"
            : null;
    }
}
