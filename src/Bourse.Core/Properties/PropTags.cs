namespace Bourse.Core.Properties;

/// <summary>Well-known MAPI property tags (MS-OXPROPS). Names follow PidTag… without the prefix.</summary>
public static class PropTags
{
    private static PropertyTag T(uint tag) => new(tag);

    // Common message properties (MS-OXCMSG, MS-OXOMSG)
    public static readonly PropertyTag MessageClass = T(0x001A001F);
    public static readonly PropertyTag Subject = T(0x0037001F);
    public static readonly PropertyTag SubjectPrefix = T(0x003D001F);
    public static readonly PropertyTag NormalizedSubject = T(0x0E1D001F);
    public static readonly PropertyTag ConversationTopic = T(0x0070001F);
    public static readonly PropertyTag ConversationIndex = T(0x00710102);
    public static readonly PropertyTag Importance = T(0x00170003);
    public static readonly PropertyTag Priority = T(0x00260003);
    public static readonly PropertyTag Sensitivity = T(0x00360003);
    public static readonly PropertyTag ClientSubmitTime = T(0x00390040);
    public static readonly PropertyTag MessageDeliveryTime = T(0x0E060040);
    public static readonly PropertyTag MessageFlags = T(0x0E070003);
    public static readonly PropertyTag MessageSize = T(0x0E080003);
    public static readonly PropertyTag MessageStatus = T(0x0E170003);
    public static readonly PropertyTag HasAttachments = T(0x0E1B000B);
    public static readonly PropertyTag Read = T(0x0E69000B);
    public static readonly PropertyTag DisplayTo = T(0x0E04001F);
    public static readonly PropertyTag DisplayCc = T(0x0E03001F);
    public static readonly PropertyTag DisplayBcc = T(0x0E02001F);
    public static readonly PropertyTag Body = T(0x1000001F);
    public static readonly PropertyTag Html = T(0x10130102);
    public static readonly PropertyTag RtfCompressed = T(0x10090102);
    public static readonly PropertyTag NativeBody = T(0x10160003);
    public static readonly PropertyTag InternetMessageId = T(0x1035001F);
    public static readonly PropertyTag InReplyToId = T(0x1042001F);
    public static readonly PropertyTag InternetReferences = T(0x1039001F);
    public static readonly PropertyTag TransportMessageHeaders = T(0x007D001F);
    public static readonly PropertyTag InternetCodepage = T(0x3FDE0003);
    public static readonly PropertyTag FlagStatus = T(0x10900003);
    public static readonly PropertyTag FlagCompleteTime = T(0x10910040);
    public static readonly PropertyTag IconIndex = T(0x10800003);
    public static readonly PropertyTag LastVerbExecuted = T(0x10810003);
    public static readonly PropertyTag CreationTime = T(0x30070040);
    public static readonly PropertyTag LastModificationTime = T(0x30080040);
    public static readonly PropertyTag SearchKey = T(0x300B0102);
    public static readonly PropertyTag ChangeKey = T(0x65E20102);
    public static readonly PropertyTag PredecessorChangeList = T(0x65E30102);
    public static readonly PropertyTag SourceKey = T(0x65E00102);
    public static readonly PropertyTag ParentSourceKey = T(0x65E10102);

    // Sender / representing / received-by
    public static readonly PropertyTag SenderName = T(0x0C1A001F);
    public static readonly PropertyTag SenderEmailAddress = T(0x0C1F001F);
    public static readonly PropertyTag SenderAddressType = T(0x0C1E001F);
    public static readonly PropertyTag SenderSmtpAddress = T(0x5D01001F);
    public static readonly PropertyTag SentRepresentingName = T(0x0042001F);
    public static readonly PropertyTag SentRepresentingEmailAddress = T(0x0065001F);
    public static readonly PropertyTag SentRepresentingAddressType = T(0x0064001F);
    public static readonly PropertyTag SentRepresentingSmtpAddress = T(0x5D02001F);
    public static readonly PropertyTag ReceivedByName = T(0x0040001F);
    public static readonly PropertyTag ReceivedByEmailAddress = T(0x0076001F);
    public static readonly PropertyTag ReceivedBySmtpAddress = T(0x5D07001F);
    public static readonly PropertyTag ReplyRecipientNames = T(0x0050001F);

    // Recipient table rows (MS-OXCMSG 2.2.1.24+)
    public static readonly PropertyTag RecipientType = T(0x0C150003);
    public static readonly PropertyTag DisplayName = T(0x3001001F);
    public static readonly PropertyTag AddressType = T(0x3002001F);
    public static readonly PropertyTag EmailAddress = T(0x3003001F);
    public static readonly PropertyTag SmtpAddress = T(0x39FE001F);
    public static readonly PropertyTag RowId = T(0x30000003);
    public static readonly PropertyTag RecipientFlags = T(0x5FFD0003);
    public static readonly PropertyTag RecipientTrackStatus = T(0x5FFF0003);

    // Attachments (MS-OXCMSG 2.2.2)
    public static readonly PropertyTag AttachNumber = T(0x0E210003);
    public static readonly PropertyTag AttachSize = T(0x0E200003);
    public static readonly PropertyTag AttachMethod = T(0x37050003);
    public static readonly PropertyTag AttachFilename = T(0x3704001F);
    public static readonly PropertyTag AttachLongFilename = T(0x3707001F);
    public static readonly PropertyTag AttachExtension = T(0x3703001F);
    public static readonly PropertyTag AttachMimeTag = T(0x370E001F);
    public static readonly PropertyTag AttachContentId = T(0x3712001F);
    public static readonly PropertyTag AttachContentLocation = T(0x3713001F);
    public static readonly PropertyTag AttachFlags = T(0x37140003);
    public static readonly PropertyTag AttachmentHidden = T(0x7FFE000B);
    public static readonly PropertyTag AttachDataBinary = T(0x37010102);
    public static readonly PropertyTag RenderingPosition = T(0x370B0003);

    // Folders (MS-OXCFOLD)
    public static readonly PropertyTag ContainerClass = T(0x3613001F);
    public static readonly PropertyTag ContentCount = T(0x36020003);
    public static readonly PropertyTag ContentUnreadCount = T(0x36030003);
    public static readonly PropertyTag Subfolders = T(0x360A000B);
    public static readonly PropertyTag FolderType = T(0x36010003);
    public static readonly PropertyTag Comment = T(0x3004001F);

    // Mailbox-level
    public static readonly PropertyTag MessageSizeExtended = T(0x0E080014);
    public static readonly PropertyTag ProhibitSendQuota = T(0x666E0003);
    public static readonly PropertyTag ProhibitReceiveQuota = T(0x666A0003);

    // Conversations and verbs (MS-OXOMSG 2.2.1)
    public static readonly PropertyTag ConversationId = T(0x30130102);
    public static readonly PropertyTag ConversationIndexTracking = T(0x3016000B);
    public static readonly PropertyTag LastVerbExecutionTime = T(0x10820040);
    public static readonly PropertyTag ResponseRequested = T(0x0063000B);
    public static readonly PropertyTag ReplyRequested = T(0x0C17000B);

    // Contacts (MS-OXOCNTC 2.2.1)
    public static readonly PropertyTag Account = T(0x3A00001F);
    public static readonly PropertyTag Generation = T(0x3A05001F);
    public static readonly PropertyTag GivenName = T(0x3A06001F);
    public static readonly PropertyTag GovernmentIdNumber = T(0x3A07001F);
    public static readonly PropertyTag BusinessTelephoneNumber = T(0x3A08001F);
    public static readonly PropertyTag HomeTelephoneNumber = T(0x3A09001F);
    public static readonly PropertyTag Surname = T(0x3A11001F);
    public static readonly PropertyTag CompanyName = T(0x3A16001F);
    public static readonly PropertyTag Title = T(0x3A17001F);
    public static readonly PropertyTag DepartmentName = T(0x3A18001F);
    public static readonly PropertyTag OfficeLocation = T(0x3A19001F);
    public static readonly PropertyTag Business2TelephoneNumber = T(0x3A1B001F);
    public static readonly PropertyTag MobileTelephoneNumber = T(0x3A1C001F);
    public static readonly PropertyTag RadioTelephoneNumber = T(0x3A1D001F);
    public static readonly PropertyTag CarTelephoneNumber = T(0x3A1E001F);
    public static readonly PropertyTag PagerTelephoneNumber = T(0x3A21001F);
    public static readonly PropertyTag BusinessFaxNumber = T(0x3A24001F);
    public static readonly PropertyTag HomeFaxNumber = T(0x3A25001F);
    public static readonly PropertyTag AssistantTelephoneNumber = T(0x3A2E001F);
    public static readonly PropertyTag Home2TelephoneNumber = T(0x3A2F001F);
    public static readonly PropertyTag Assistant = T(0x3A30001F);
    public static readonly PropertyTag WeddingAnniversary = T(0x3A410040);
    public static readonly PropertyTag Birthday = T(0x3A420040);
    public static readonly PropertyTag MiddleName = T(0x3A44001F);
    public static readonly PropertyTag DisplayNamePrefix = T(0x3A45001F);
    public static readonly PropertyTag SpouseName = T(0x3A48001F);
    public static readonly PropertyTag CustomerId = T(0x3A4A001F);
    public static readonly PropertyTag ManagerName = T(0x3A4E001F);
    public static readonly PropertyTag Nickname = T(0x3A4F001F);
    public static readonly PropertyTag PersonalHomePage = T(0x3A50001F);
    public static readonly PropertyTag BusinessHomePage = T(0x3A51001F);
    public static readonly PropertyTag CompanyMainTelephoneNumber = T(0x3A57001F);
    public static readonly PropertyTag ChildrensNames = T(0x3A58101F);
    public static readonly PropertyTag HomeAddressCity = T(0x3A59001F);
    public static readonly PropertyTag HomeAddressCountry = T(0x3A5A001F);
    public static readonly PropertyTag HomeAddressPostalCode = T(0x3A5B001F);
    public static readonly PropertyTag HomeAddressStateOrProvince = T(0x3A5C001F);
    public static readonly PropertyTag HomeAddressStreet = T(0x3A5D001F);
    public static readonly PropertyTag OtherAddressCity = T(0x3A5F001F);
    public static readonly PropertyTag OtherAddressCountry = T(0x3A60001F);
    public static readonly PropertyTag OtherAddressPostalCode = T(0x3A61001F);
    public static readonly PropertyTag OtherAddressStateOrProvince = T(0x3A62001F);
    public static readonly PropertyTag OtherAddressStreet = T(0x3A63001F);
}

/// <summary>Message flags (PidTagMessageFlags, MS-OXCMSG 2.2.1.6).</summary>
[Flags]
public enum MessageFlags
{
    None = 0,
    Read = 0x0001,
    Unmodified = 0x0002,
    Submitted = 0x0004,
    Unsent = 0x0008,
    HasAttachments = 0x0010,
    FromMe = 0x0020,
    Associated = 0x0040,
    Resend = 0x0080,
    NotifyRead = 0x0100,
    NotifyUnread = 0x0200,
    EverRead = 0x0400,
    Internet = 0x2000,
    Untrusted = 0x8000,
}

/// <summary>Recipient types (PidTagRecipientType, MS-OXOMSG 2.2.3.1).</summary>
public enum RecipientType
{
    Originator = 0,
    To = 1,
    Cc = 2,
    Bcc = 3,
}

/// <summary>Flag status (PidTagFlagStatus, MS-OXOFLAG 2.2.1.1).</summary>
public enum FlagStatus
{
    NotFlagged = 0,
    Complete = 1,
    Flagged = 2,
}
