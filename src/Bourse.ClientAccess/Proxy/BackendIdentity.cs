using Bourse.Core.Ids;

namespace Bourse.ClientAccess.Proxy;

/// <summary>What a front end vouches for when it forwards a request: who signed in, how, from where, and when.</summary>
internal sealed record BackendIdentity(MailboxId Mailbox, string AuthMethod, string? ClientAddress, DateTimeOffset IssuedAt);
