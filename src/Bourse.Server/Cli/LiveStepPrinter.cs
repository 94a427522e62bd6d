using Bourse.Autodiscover.Connectivity;

namespace Bourse.Server.Cli;

/// <summary>Prints each connectivity step the moment it completes (synchronously, so lines appear in order).</summary>
internal sealed class LiveStepPrinter : IProgress<ConnectivityStep>
{
    public void Report(ConnectivityStep value)
    {
        Console.Out.WriteLine(value.ToString());
        Console.Out.Flush();
    }
}
