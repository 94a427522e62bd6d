namespace Bourse.ClientAccess.Routing;

/// <summary>What this server does with a request, as <c>bourse serve --role</c> says.</summary>
public enum ClientAccessRole
{
    /// <summary>Front door and mailbox in one process: every request is served locally.</summary>
    All = 0,

    /// <summary>Front door only: requests for mailboxes on other databases are proxied to their configured back end.</summary>
    Frontend = 1,

    /// <summary>Mailbox server: serves its own databases, reached through a front end that vouches for the user.</summary>
    Backend = 2,
}
