namespace Bourse.Bench.Autodiscover;

/// <summary>Environment given to both servers, so an ablation or profiling switch applies to the baseline as well.</summary>
internal static class BenchEnvironment
{
    /// <summary>
    /// <c>BENCH_SERVER_ENV="K=V;K=V"</c>, e.g. <c>BOURSE_Bourse__ProtocolLog__Enabled=false;DOTNET_gcServer=0</c>
    /// (BOURSE_ variables mean nothing to the trivial server; DOTNET_ ones apply to both).
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> ServerVariables()
    {
        foreach (var pair in (Environment.GetEnvironmentVariable("BENCH_SERVER_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
                yield return new KeyValuePair<string, string>(pair[..equals], pair[(equals + 1)..]);
        }
    }
}
