namespace Bourse.Autodiscover.Handlers;

// How an Autodiscover request's address resolved for the caller.
internal enum MailboxLookupKind
{
    Settings,
    Redirect,
    NotFound,

    // Another user's mailbox: answered exactly like NotFound so nobody learns which addresses exist.
    NotPermitted,
}
