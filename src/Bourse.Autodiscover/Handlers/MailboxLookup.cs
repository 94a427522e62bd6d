using Bourse.Autodiscover.Protocol;

namespace Bourse.Autodiscover.Handlers;

// The outcome of resolving an address for a caller: settings, a redirect to the primary address, or nothing.
internal sealed record MailboxLookup(MailboxLookupKind Kind, MailboxSettings? Settings = null, string? RedirectAddress = null);
