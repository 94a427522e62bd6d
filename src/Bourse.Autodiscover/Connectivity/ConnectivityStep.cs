namespace Bourse.Autodiscover.Connectivity;

/// <summary>One step of a connectivity test: what was tried, against what, whether it worked, how long it took, and why.</summary>
public sealed record ConnectivityStep(string Name, string Target, bool Success, TimeSpan Elapsed, string Detail)
{
    /// <summary>"[ OK ]   12 ms  TLS handshake  mail.contoso.com:443  TLS 1.3, …".</summary>
    public override string ToString() =>
        $"[{(Success ? " OK " : "FAIL")}] {Elapsed.TotalMilliseconds,6:0} ms  {Name}  {Target}  {Detail}";
}
