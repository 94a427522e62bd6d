namespace Bourse.Autodiscover.Connectivity;

/// <summary>An SRV record (RFC 2782) as the connectivity test needs it.</summary>
public sealed record ConnectivitySrvRecord(int Priority, int Weight, int Port, string Target);
