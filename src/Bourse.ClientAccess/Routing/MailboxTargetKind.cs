namespace Bourse.ClientAccess.Routing;

/// <summary>How an explicit-logon form names the mailbox it wants.</summary>
public enum MailboxTargetKind
{
    /// <summary>An SMTP address (<c>/owa/user@domain/</c>, <c>/EWS/Exchange.asmx/user@domain</c>, <c>autodiscover.json?@user@domain</c>).</summary>
    SmtpAddress = 0,

    /// <summary>A mailbox GUID (<c>/mapi/emsmdb/?MailboxId=guid@domain</c>).</summary>
    MailboxGuid = 1,
}
