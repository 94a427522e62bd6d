namespace Bourse.ClientAccess.Tests.Proxy.Infrastructure;

/// <summary>What one node saw of one request: the raw target and headers on arrival, the user it ran as.</summary>
internal sealed record ReceivedRequest(string Node, string Method, string RawTarget, IReadOnlyDictionary<string, string> Headers, int Status, string? Mailbox);
