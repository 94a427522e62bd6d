namespace Bourse.Autodiscover.Setup;

/// <summary>One DNS record an operator must publish.</summary>
/// <param name="Name">Owner name, fully qualified with the trailing dot (zone-file style).</param>
/// <param name="Type">A, CNAME, SRV, MX or TXT.</param>
/// <param name="Value">The record data in zone-file form.</param>
/// <param name="Purpose">Why it is needed, one line.</param>
public sealed record DnsRecord(string Name, string Type, string Value, string Purpose);
